import { formatDuration } from "../config/duration.js";
import {
  postmortemRequiredFor,
  type HotwashConfig,
  type SeverityConfig,
  type Status,
} from "../config/schema.js";
import { computeMetrics, type TargetStatus } from "../metrics/metrics.js";
import { ownValue } from "../config/lookup.js";
import { codeSpan, displayLogin, quoteText, truncate } from "../text/markdown.js";
import { buildTimeline, type ActivityItem, type TimelineEntry } from "../timeline/entries.js";
import {
  formatUtc,
  markdownLink,
  renderTimelineTable,
  TIMELINE_TABLE_HEAD_WITH_REFS,
  timelineRow,
} from "../timeline/render.js";
import { failedDeploymentAlert } from "./deployment-alert.js";
import { encodeData, PROCESSED_KEPT, readBoardBlock, type BoardData, type Signer } from "./log.js";
import type { DispatchInfo, IncidentState } from "./state.js";
import { servicesSection } from "./catalog.js";

/** Finds the board among the issue's comments; the body always starts with it. */
export const BOARD_MARKER = "<!-- hotwash:board -->";
/** GitHub rejects comment bodies over 65,536 characters; stay well clear. */
export const BOARD_BUDGET = 60_000;
/** Board cells are summaries: the post-mortem and the CLI carry full texts. */
const BOARD_TEXT_MAX = 300;

export type { BoardData } from "./log.js";

export interface BoardInput {
  issueNumber: number;
  state: IncidentState;
  data: BoardData;
  config: HotwashConfig;
  now: Date;
  /** `https://github.com/owner/repo`. */
  repoUrl: string;
  activity?: ActivityItem[];
  configProblems?: string[];
  /** Checklist items a person ticked on the previous board (see `readCheckedItems`), kept ticked. */
  checked?: readonly string[];
  /** Signs the hidden data (the services bind the key to this issue): edits to it are then detected. */
  sign?: Signer;
}

export function renderBoard(input: BoardInput): string {
  const { state, config } = input;
  const severity = (state.severity && ownValue(config.severities, state.severity)) || null;
  const entries = buildTimeline(input.data.events, input.activity ?? [], {
    repoUrl: input.repoUrl,
    severities: config.severities,
    firstIndex: input.data.sealed.count,
  }).map((entry) => ({ ...entry, text: truncate(entry.text, BOARD_TEXT_MAX) }));

  const head = [
    BOARD_MARKER,
    state.status === "resolved" ? null : failedRollbackAlert(state.dispatches),
    state.status === "resolved" ? null : failedDeploymentAlert(state),
    header(state, config),
    facts(input, severity),
    servicesSection(state.services, config),
    checklist(severity, input.checked ?? []),
    latestUpdate(state),
    suspectList(state),
    dispatchList(state.dispatches, state.dispatchCount),
    actionItems(state, input.repoUrl),
    postmortem(input),
    entries.length
      ? `### Latest\n\n${renderTimelineTable(entries, { limit: 5, newestFirst: true, refs: true })}`
      : null,
  ];
  const tail = [configProblemsSection(input.configProblems ?? [])];
  return fitBody(head, entries, tail, input);
}

/** The board's log (sealed state and tail), or null when there is none we can trust (the caller then rebuilds it). */
export function readBoardData(body: string): BoardData | null {
  if (!body.trimStart().startsWith(BOARD_MARKER)) return null;
  return readBoardBlock(body);
}

/** Checklist items ticked (`- [x]`) on a rendered board, so a re-render keeps them ticked. */
export function readCheckedItems(body: string): string[] {
  return [...body.matchAll(/^- \[[xX]\] (.+)$/gm)].map((m) => m[1] ?? "").filter(Boolean);
}

// ---- sizing ----------------------------------------------------------------------------------

/**
 * Keep the body under BOARD_BUDGET: the full timeline shrinks first (oldest rows go), then the
 * oldest processed ids. Data that still does not fit is left out entirely, never cut, because a
 * partial log would fold into a wrong state; readBoardData then says null and the caller rebuilds.
 * (Sealing keeps the tail small, so this happens only to a log that could not be sealed.)
 */
function fitBody(
  head: (string | null)[],
  entries: TimelineEntry[],
  tail: (string | null)[],
  input: BoardInput,
): string {
  const compose = (timeline: string | null, data: string) =>
    [...head, timeline, ...tail, footer(data !== ""), data]
      .filter((part): part is string => Boolean(part))
      .join("\n\n");
  const sealed = input.data.sealed;
  const timeline = (rows: string[]) =>
    entries.length || sealed.count
      ? fullTimeline(entries.length + sealed.count, rows, entries.length - rows.length, sealed)
      : null;

  // Footer wording and the omitted-count digits differ slightly between drafts: keep a margin.
  const room = BOARD_BUDGET - 200 - compose(timeline([]), "").length;
  const data = fitData(input.data, room, input.sign);
  const rows: string[] = [];
  let left = room - data.length - 2;
  for (let i = entries.length - 1; i >= 0 && left > 0; i--) {
    const row = timelineRow(entries[i] as TimelineEntry, { refs: true });
    if (row.length + 1 > left) break;
    rows.unshift(row);
    left -= row.length + 1;
  }
  return compose(timeline(rows), data);
}

function fitData(data: BoardData, room: number, sign: Signer | undefined): string {
  const processed = [...new Set(data.processed)].sort((a, b) => a - b).slice(-PROCESSED_KEPT);
  const full = encodeData({ ...data, processed }, sign);
  if (full.length <= room) return full;
  const bare = encodeData({ ...data, processed: [] }, sign);
  if (bare.length > room) return "";
  // Newest ids are the likeliest to be redelivered: drop from the oldest end.
  let spare = room - bare.length;
  let kept = 0;
  for (let i = processed.length - 1; i >= 0; i--) {
    const cost = String(processed[i]).length + 1;
    if (cost > spare) break;
    spare -= cost;
    kept++;
  }
  return encodeData({ ...data, processed: kept ? processed.slice(-kept) : [] }, sign);
}

function fullTimeline(total: number, rows: string[], omitted: number, sealed: BoardData["sealed"]): string {
  const notShown = omitted + sealed.count;
  const pages = sealed.pages.length;
  const note = [
    notShown ? `_… ${notShown} earlier ${entriesWord(notShown)} not shown._` : null,
    sealed.count
      ? `_${sealed.count} earlier ${entriesWord(sealed.count)} ${sealed.count === 1 ? "is" : "are"} in ${pages} hidden log comment${pages === 1 ? "" : "s"}; the post-mortem (\`/postmortem\`) shows every entry._`
      : null,
  ]
    .filter(Boolean)
    .join(" ");
  const table = rows.length ? [TIMELINE_TABLE_HEAD_WITH_REFS, ...rows].join("\n") : "";
  return `<details>\n<summary>Full timeline (${total} entries)</summary>\n\n${note ? `${note}\n\n` : ""}${table}\n\n</details>`;
}

function entriesWord(n: number): string {
  return n === 1 ? "entry" : "entries";
}

// ---- sections --------------------------------------------------------------------------------

const STATUS_EMOJI: Record<Status, string> = {
  investigating: "🔍",
  identified: "🎯",
  monitoring: "👀",
  resolved: "✅",
};
const RANK_EMOJI = ["🔴", "🟠", "🟡"];
/** Conclusions that mean the run did not do its job, worded for a headline. */
const FAILED: Readonly<Record<string, string>> = {
  failure: "failed",
  timed_out: "timed out",
  startup_failure: "failed to start",
  cancelled: "was cancelled",
};

function header(state: IncidentState, config: HotwashConfig): string {
  const key = quoteText(state.severity ?? "unset");
  const rank = state.severity ? Object.keys(config.severities).indexOf(state.severity) : -1;
  const emoji = rank < 0 ? "⚪" : (RANK_EMOJI[rank] ?? "🔵");
  const name = state.severity ? ownValue(config.severities, state.severity)?.name : undefined;
  const title = quoteText(truncate(state.title.replace(/\s+/g, " ").trim(), 200)) || "Untitled incident";
  const drill = state.drill ? "🧪 DRILL · " : "";
  const line = `## ${emoji} ${drill}${key.toUpperCase()}${name ? ` · ${quoteText(name)}` : ""} · ${title}`;
  if (!state.drill) return line;
  return `${line}\n\n> [!NOTE]\n> 🧪 **DRILL**: this is a practice incident. It is excluded from metrics and reports.`;
}

function facts(input: BoardInput, severity: SeverityConfig | null): string {
  const { state, now } = input;
  const metrics = computeMetrics(state, severity, now);
  const declarer = state.declaredBy;
  const roles = [...new Set([...input.config.roles, ...Object.keys(state.roles)])]
    .map((role) => {
      const holder = ownValue(state.roles, role);
      return `${quoteText(role)}: ${holder ? displayLogin(holder) : "_unassigned_"}`;
    })
    .join(" · ");
  const rows: [string, string | null][] = [
    ["Status", `${STATUS_EMOJI[state.status]} ${state.status}${state.closed ? " (issue closed)" : ""}`],
    ["Commander", state.commander ? displayLogin(state.commander) : "_unassigned_ (`/ic @user`)"],
    ["Roles", roles || null],
    [
      "Declared",
      state.milestones.declaredAt
        ? `${utc(state.milestones.declaredAt)}${declarer ? ` by ${displayLogin(declarer)}` : ""}`
        : null,
    ],
    ["Acknowledge", targetCell(metrics.acknowledge, "acknowledged", "MTTA", metrics.mtta)],
    [
      "Mitigated",
      state.milestones.mitigatedAt
        ? `${utc(state.milestones.mitigatedAt)}${dur(" · MTTM ", metrics.mttm)}`
        : null,
    ],
    ["Resolve", targetCell(metrics.resolve, "resolved", "MTTR", metrics.mttr)],
    [
      "Next update",
      metrics.nextUpdateDue
        ? `due ${utc(metrics.nextUpdateDue)}${metrics.updateOverdue ? " · ⚠️ **overdue**: post `/status <state> <message>`" : ""}`
        : null,
    ],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  return [
    "| | |",
    "| --- | --- |",
    ...shown.map(([k, v]) => `| **${k}** | ${v.replace(/\|/g, "\\|")} |`),
  ].join("\n");
}

function targetCell(target: TargetStatus, reached: string, metric: string, ms: number | null): string {
  const when = target.at ? `${reached} ${utc(target.at)}${dur(` · ${metric} `, ms)}` : `not ${reached} yet`;
  const goal =
    target.target === null
      ? ""
      : ` (target ${formatDuration(target.target)}${target.due ? `, due ${utc(target.due)}` : ""})`;
  switch (target.state) {
    case "met":
      return `✅ met: ${when}${goal}`;
    case "breached":
      return `❌ **breached**: ${when}${goal}`;
    case "pending":
      return `⏳ pending: ${when}${goal}`;
    case "none":
      return target.at ? when : "no target";
  }
}

function checklist(severity: SeverityConfig | null, checked: readonly string[]): string | null {
  if (!severity?.checklist.length) return null;
  const items = severity.checklist.slice(0, 30).map((item) => {
    const text = quoteText(truncate(item, 200));
    return `- [${checked.includes(text) ? "x" : " "}] ${text}`;
  });
  return `### Checklist\n\n${items.join("\n")}`;
}

function latestUpdate(state: IncidentState): string | null {
  const message = state.statusMessage;
  if (!message) return null;
  const quoted = quoteText(truncate(message.text, 1000))
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join("\n");
  return `### Latest update\n\n${displayLogin(message.actor)} at ${utc(message.at)}:\n\n${quoted}`;
}

/** Deployments and merged pull requests just before the incident: where responders look first. */
function suspectList(state: IncidentState): string | null {
  const suspects = state.suspects;
  if (!suspects) return null;
  const lines = [
    ...suspects.deployments.map((d) => ({
      at: d.at,
      text: `🚀 Deployed ${codeSpan(d.service)} ${codeSpan(truncate(d.ref, 60))} (${quoteText(d.sha.slice(0, 7))}) to ${codeSpan(d.environment)} by ${displayLogin(d.creator)}${d.state ? ` · ${quoteText(d.state)}` : ""}`,
    })),
    ...suspects.pulls.map((p) => ({
      at: p.mergedAt,
      text: `🔀 Merged ${markdownLink(p.url) ?? `#${p.number}`} ${quoteText(truncate(p.title, 120))} by ${displayLogin(p.author)}`,
    })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 15)
    .map((line) => `- ${utc(line.at)} · ${line.text}`);
  const body = lines.length ? lines.join("\n") : "_No deployments or merged pull requests in the window._";
  return `### Suspect changes (since ${utc(suspects.windowStart)})\n\n${body}`;
}

function dispatchList(dispatches: DispatchInfo[], count: number): string | null {
  if (!dispatches.length) return null;
  const recent = dispatches.slice(-10);
  const lines = recent.map((d) => {
    const icon = d.command === "rollback" ? "⏪" : "🩺";
    const to = d.ref ? ` to ${codeSpan(d.ref)}` : "";
    const outcome = d.conclusion ?? (d.runId === null ? "requested" : "running");
    const failed = ownValue(FAILED, outcome);
    const mark =
      d.conclusion === "success" ? "✅ succeeded" : failed ? `❌ ${failed}` : `⏳ ${quoteText(outcome)}`;
    const link = d.runUrl ? markdownLink(d.runUrl) : null;
    return `- ${icon} **${quoteText(d.command)}** ${codeSpan(d.service)}${to} · ${utc(d.at)} by ${displayLogin(d.actor)} · ${mark}${link ? ` · ${link}` : ""}`;
  });
  // A sealed log keeps fewer dispatches than were made; the count stays exact.
  const earlier = Math.max(count, dispatches.length) - recent.length;
  return `### Diagnostics and rollbacks\n\n${earlier ? `_… ${earlier} earlier runs not shown._\n` : ""}${lines.join("\n")}`;
}

/**
 * A rollback that did not finish may leave the service broken: shout, at the very top, until a
 * later rollback of that service succeeds or the incident is resolved (the list still shows it).
 */
function failedRollbackAlert(dispatches: DispatchInfo[]): string | null {
  // Per service, the last failed rollback since its last successful one: a retry that is still
  // running (or waiting for an environment's approval) does not make the service safe yet.
  const lastFailed = new Map<string, DispatchInfo>();
  for (const d of dispatches) {
    if (d.command !== "rollback" || d.conclusion === null) continue;
    if (d.conclusion === "success") lastFailed.delete(d.service);
    else if (ownValue(FAILED, d.conclusion)) lastFailed.set(d.service, d);
  }
  const failed = [...lastFailed.values()];
  if (!failed.length) return null;
  const lines = failed.map((d) => {
    const link = d.runUrl ? markdownLink(d.runUrl) : null;
    return `> **Rollback of ${codeSpan(d.service)} ${ownValue(FAILED, d.conclusion ?? "")}**${d.completedAt ? ` at ${utc(d.completedAt)}` : ""}${link ? ` (${link})` : ""}.`;
  });
  return [
    "> [!CAUTION]",
    ...lines,
    "> The service may still be running the bad version: check the run, then retry `/rollback` or mitigate another way.",
  ].join("\n");
}

function actionItems(state: IncidentState, repoUrl: string): string | null {
  const items = state.actionItems;
  if (!items.length) return null;
  const done = items.filter((item) => item.done).length;
  const lines = items.slice(0, 50).map((item) => {
    const parts = [
      quoteText(truncate(item.title, 200)),
      item.owner ? displayLogin(item.owner) : null,
      item.due ? `due ${quoteText(item.due)}` : null,
      quoteText(item.priority),
      item.issue === null ? null : markdownLink(`${repoUrl.replace(/\/+$/, "")}/issues/${item.issue}`),
    ].filter((part): part is string => Boolean(part));
    return `- ${item.done ? "✅" : "⬜"} ${parts.join(" · ")}`;
  });
  const more = items.length > 50 ? `\n- … ${items.length - 50} more` : "";
  return `### Action items (${done}/${items.length} done)\n\n${lines.join("\n")}${more}`;
}

function postmortem(input: BoardInput): string | null {
  const { state, config, now } = input;
  // Drills practise the process; they owe no post-mortem (as the reminders agree).
  const required =
    !state.drill && state.severity !== null && postmortemRequiredFor(config).includes(state.severity);
  const resolvedAt = state.milestones.resolvedAt;
  const due = required && resolvedAt ? Date.parse(resolvedAt) + config.postmortem.dueWithin : null;
  const dueText = due === null || Number.isNaN(due) ? null : `due ${utc(new Date(due).toISOString())}`;
  if (state.postmortem) {
    const link = markdownLink(state.postmortem.url) ?? `#${state.postmortem.pullNumber}`;
    return `### Post-mortem\n\n${link} · ${codeSpan(state.postmortem.path)}${dueText ? ` · ${dueText}` : ""}`;
  }
  if (!required) return null;
  if (!dueText || due === null) {
    return `### Post-mortem\n\nRequired for ${state.severity}: due ${formatDuration(config.postmortem.dueWithin)} after resolution.`;
  }
  const overdue = now.getTime() > due ? " · ⚠️ **overdue**" : "";
  return `### Post-mortem\n\nNot started: ${dueText}${overdue}. Run \`/postmortem\` here to open the pull request.`;
}

function configProblemsSection(problems: string[]): string | null {
  if (!problems.length) return null;
  const shown = problems.slice(0, 20).map((p) => `> - ${quoteText(truncate(p.replace(/\s+/g, " "), 300))}`);
  const more = problems.length > 20 ? [`> - … ${problems.length - 20} more`] : [];
  return [
    "> [!WARNING]",
    "> **`.github/hotwash.yml` has problems.** Fix them so Hotwash follows your settings; run `npx hotwash validate-config` to check.",
    ...shown,
    ...more,
  ].join("\n");
}

function footer(cached: boolean): string {
  const cache = cached
    ? ""
    : " The log is too long to cache here; Hotwash rebuilds it from the issue's comments.";
  return `<sub>Hotwash keeps this comment up to date from the incident's log; edits to it are overwritten. \`/help\` lists the commands.${cache}</sub>`;
}

function utc(iso: string): string {
  return `${formatUtc(iso)} UTC`;
}

function dur(prefix: string, ms: number | null): string {
  return ms === null ? "" : `${prefix}${formatDuration(ms)}`;
}
