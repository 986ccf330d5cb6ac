import { boardState } from "../core/incident/log.js";
import { buildReport, type MetricsReport, type ReportIncident } from "../core/metrics/report.js";
import type { ServiceDeps } from "./deps.js";
import { loadConfig } from "./load-config.js";
import { boardOf, readBoards } from "./reminders.js";
import { checkBoard } from "./trust.js";

export interface MetricsRequest {
  /** Declared at or after; null: from the first incident. */
  since: Date | null;
  /** Declared before (exclusive); null: up to now. */
  until: Date | null;
}

/**
 * The report across the repository's incidents, read from their boards: every incident (open and
 * closed) in one list request per 100, the boards with their last editors in one GraphQL request
 * per 100. A board that is missing or cannot be trusted is counted as not readable, not rebuilt:
 * a rebuild reads every comment of the incident.
 */
export async function gatherMetrics(deps: ServiceDeps, request: MetricsRequest): Promise<MetricsReport> {
  const { config } = await loadConfig(deps.port);
  // An incident declared since then was updated since then too: older ones need not be listed.
  const listed = await deps.port.listIssues(
    config.labels.incident,
    "all",
    request.since ? request.since.toISOString() : undefined,
  );
  // With a key, signatures vouch for the boards the list carries; without, their last editors do.
  const boards = deps.trust?.signingKey
    ? null
    : await readBoards((ids) => deps.port.readEdited(ids), listed, deps.log);
  const incidents: ReportIncident[] = [];
  const unreadable: number[] = [];
  for (const issue of listed) {
    const board = boardOf(issue, boards, true);
    const verdict = board ? await checkBoard(deps, issue.number, board) : null;
    if (verdict?.kind !== "trusted") {
      unreadable.push(issue.number);
      continue;
    }
    const state = boardState(verdict.data);
    if (!state.declared) {
      unreadable.push(issue.number);
      continue;
    }
    incidents.push({ number: issue.number, state, notPlanned: issue.stateReason === "not_planned" });
  }
  return buildReport({ incidents, unreadable, config, now: deps.now(), ...request });
}
