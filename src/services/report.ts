import { quoteText, truncate } from "../core/text/markdown.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { ServiceDeps } from "./deps.js";
import { findIncident, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import { UserFacingError } from "./replies.js";

export interface ReportInput {
  issueNumber: number;
  /** Outcome word from the workflow: success, failure, cancelled, or anything short. */
  status: string;
  summary: string;
  /** Full output (logs, query results), shown collapsed. */
  body: string;
  runUrl: string | null;
  actor: string;
}

export interface ReportOutcome {
  commentUrl: string;
  /** The markdown posted, reused for the job summary. */
  markdown: string;
  events: IncidentEvent[];
}

const BODY_LIMIT = 60_000;

/** A diagnostics or rollback workflow reports back: a comment on the incident plus a timeline entry. */
export async function postReport(deps: ServiceDeps, input: ReportInput): Promise<ReportOutcome> {
  if (!/^[\w-]{1,40}$/.test(input.status)) {
    throw new UserFacingError(
      `report status must be one short word like success or failure, got "${truncate(input.status, 40)}"`,
    );
  }
  const [issue, { config, problems }, found] = await Promise.all([
    deps.port.getIssue(input.issueNumber),
    loadConfig(deps.port),
    findIncident(deps, input.issueNumber),
  ]);
  const loaded = await repairIfNeeded(deps, found, issue, config);
  if (!loaded.state.declared && !issue.labels.includes(config.labels.incident)) {
    throw new UserFacingError(
      `#${input.issueNumber} is not an incident; check the workflow's \`incident\` input.`,
    );
  }
  // One line: the summary is a heading on the report and a cell on the timeline.
  const summary = input.summary.replace(/\s+/g, " ").trim();
  const markdown = renderReport({ ...input, summary });
  const comment = await deps.port.createComment(input.issueNumber, markdown);
  const event: IncidentEvent = {
    type: "report",
    at: deps.now().toISOString(),
    actor: input.actor,
    runUrl: input.runUrl,
    status: input.status,
    summary: truncate(summary, 300),
    commentUrl: comment.htmlUrl,
  };
  await saveIncident(deps, issue, withEvents(loaded, [event]), { config, configProblems: problems });
  return { commentUrl: comment.htmlUrl, markdown, events: [event] };
}

export function renderReport(input: ReportInput): string {
  const icon = input.status === "success" ? "✅" : input.status === "failure" ? "❌" : "ℹ️";
  const run = input.runUrl ? ` · [workflow run](${input.runUrl})` : "";
  const lines = [
    `### ${icon} Report: ${quoteText(truncate(input.summary, 300))}`,
    "",
    `Status: **${input.status}**${run}`,
  ];
  if (input.body.trim()) {
    // A fence longer than any backtick run in the output keeps the output from closing it.
    const longest = Math.max(2, ...(input.body.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    lines.push(
      "",
      "<details><summary>Full output</summary>",
      "",
      fence,
      truncate(input.body, BODY_LIMIT),
      fence,
      "",
      "</details>",
    );
  }
  return lines.join("\n");
}
