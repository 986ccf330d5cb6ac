import { parseComment } from "../core/command/parse.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { incidentOfBranch } from "../core/postmortem/path.js";
import { displayLogin, quoteText, tableCell, truncate } from "../core/text/markdown.js";
import { buildTimeline } from "../core/timeline/entries.js";
import { markdownLink, renderTimelineTable } from "../core/timeline/render.js";
import type { RouteOutcome, WebhookPayload } from "../services/route.js";

/** What a handle-mode run did, as its step outputs and job summary say it. */
export interface RunReport {
  incident: number | undefined;
  decision: string;
  reason: string;
}

type Outcome = RouteOutcome & Record<string, unknown>;

export function runReport(payload: WebhookPayload, outcome: RouteOutcome): RunReport {
  const o = outcome as Outcome;
  const fromOutcome = typeof o["issue"] === "number" ? o["issue"] : undefined;
  const head = (payload["pull_request"] as { head?: { ref?: string } } | undefined)?.head?.ref;
  // A merged post-mortem's incident is named by its branch (the merge outcome does not repeat it).
  const fromBranch = head && outcome.kind !== "ignored" ? (incidentOfBranch(head) ?? undefined) : undefined;
  const reason =
    "reason" in o ? String(o["reason"]) : "error" in o ? String(o["error"]) : problems(o).join("\n");
  return {
    incident: payload.issue?.number ?? fromOutcome ?? fromBranch,
    decision: outcome.kind,
    reason,
  };
}

/**
 * The job summary of a run that changed something: the incident, the event and the command it
 * carried, the result and what was recorded. Null for a run that changed nothing (ignored,
 * duplicate, nothing due): the run list already says it ran.
 */
export function runSummary(args: {
  eventName: string;
  payload: WebhookPayload;
  outcome: RouteOutcome;
  repoUrl: string;
}): string | null {
  const { eventName, payload, repoUrl } = args;
  const o = args.outcome as Outcome;
  if (!changedSomething(eventName, o)) return null;
  const report = runReport(payload, args.outcome);
  const sections = [heading(eventName, payload, report.incident, o.kind, repoUrl)];
  const events = Array.isArray(o["events"]) ? (o["events"] as IncidentEvent[]) : [];
  if (events.length) {
    sections.push(
      `**Recorded on the timeline**\n\n${renderTimelineTable(buildTimeline(events, [], { repoUrl }))}`,
    );
  }
  const on = numbers(o["incidents"]);
  if (on.length) sections.push(`**Recorded on:** ${on.map((n) => issueLink(repoUrl, n)).join(", ")}`);
  const created = numbers(o["created"]);
  if (created.length)
    sections.push(`**Action items created:** ${created.map((n) => issueLink(repoUrl, n)).join(", ")}`);
  const existing = numbers(o["existing"]);
  if (existing.length)
    sections.push(`Already tracked: ${existing.map((n) => issueLink(repoUrl, n)).join(", ")}`);
  const reminders = Array.isArray(o["reminders"]) ? (o["reminders"] as { issue: number; key: string }[]) : [];
  if (reminders.length) {
    sections.push(
      `**Reminders posted**\n\n${reminders.map((r) => `- ${issueLink(repoUrl, r.issue)}: ${reminderText(r.key)}`).join("\n")}`,
    );
  }
  // Failures and refusals are Hotwash's own explanations (what happened, how to fix it), as replied.
  if (typeof o["failure"] === "string") sections.push(o["failure"]);
  const listed = problems(o);
  if (listed.length) sections.push(listed.map((p) => `- ${p}`).join("\n"));
  else if (o.kind !== "done" && report.reason) sections.push(report.reason);
  return `${sections.join("\n\n")}\n`;
}

/** The job summary of a run that failed before a handler could report. */
export function failureSummary(args: {
  eventName: string;
  payload: WebhookPayload | null;
  incident: number | undefined;
  reason: string;
  repoUrl: string;
}): string {
  const { eventName, payload, incident, reason, repoUrl } = args;
  return `${heading(eventName, payload ?? {}, incident, "failed", repoUrl)}\n\n${quoteText(reason)}\n`;
}

/** The title and the table every summary starts with: incident, event, command, result. */
function heading(
  eventName: string,
  payload: WebhookPayload,
  incident: number | undefined,
  kind: string,
  repoUrl: string,
): string {
  const rows: [string, string][] = [];
  if (incident !== undefined) rows.push(["Incident", issueLink(repoUrl, incident)]);
  rows.push(["Event", eventText(eventName, payload)]);
  // In a code span nothing is a mention or markup; only a backtick or a pipe could end it early.
  const code = (line: string) => `\`${line.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
  const commands = commandLines(payload.comment?.body ?? undefined);
  if (commands.length) rows.push(["Command", commands.map(code).join("<br>")]);
  rows.push(["Result", RESULT[kind] ?? kind]);
  return [
    `### Hotwash: ${eventName}${payload.action ? `.${payload.action}` : ""} → ${kind}`,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([k, v]) => `| **${k}** | ${v} |`),
  ].join("\n");
}

function issueLink(repoUrl: string, n: number): string {
  return `[#${n}](${repoUrl}/issues/${n})`;
}

const RESULT: Record<string, string> = {
  done: "✅ done",
  failed: "❌ failed",
  refused: "👎 refused",
  invalid: "⚠️ invalid",
};

function changedSomething(eventName: string, o: Outcome): boolean {
  if (o.kind === "ignored" || o.kind === "duplicate") return false;
  // A command that ran got reactions and usually a reply, even when it recorded nothing new.
  if (eventName === "issue_comment" || o.kind !== "done") return true;
  const count = (key: string) => (Array.isArray(o[key]) ? o[key].length : 0);
  return count("events") + count("created") + count("reminders") > 0 || Boolean(o["failure"]);
}

function eventText(eventName: string, payload: WebhookPayload): string {
  const name = `\`${eventName}${payload.action ? `.${payload.action}` : ""}\``;
  const by = payload.sender ? ` by ${tableCell(displayLogin(payload.sender.login))}` : "";
  const url =
    (payload.comment as { html_url?: string } | undefined)?.html_url ??
    (payload["pull_request"] as { html_url?: string } | undefined)?.html_url ??
    (payload["workflow_run"] as { html_url?: string } | undefined)?.html_url;
  const link = url ? markdownLink(url) : null;
  return `${name}${by}${link ? ` · ${link}` : ""}`;
}

/** The comment's live `/name` lines (not in code, quotes or HTML comments), as the author wrote them. */
function commandLines(body: string | undefined): string[] {
  if (!body) return [];
  const names = [...body.matchAll(/^ {0,3}\/([A-Za-z0-9-]+)/gm)].map((m) => m[1] ?? "");
  const lines = body.split(/\r\n|\r|\n/);
  return parseComment(body, names)
    .commands.slice(0, 10)
    .map((c) => truncate((lines[c.line - 1] ?? "").trim(), 200));
}

const REMINDERS: Record<string, string> = {
  update: "status update overdue",
  ack: "acknowledgement target missed",
  postmortem: "post-mortem overdue",
  action: "action item past due",
};

function reminderText(key: string): string {
  const kind = key.split(":")[0] ?? "";
  return REMINDERS[kind] ?? `reminder \`${key.replace(/`/g, "'")}\``;
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((n): n is number => typeof n === "number") : [];
}

function problems(o: Outcome): string[] {
  const list = o["errors"] ?? o["problems"];
  return Array.isArray(list) ? list.map(String) : [];
}
