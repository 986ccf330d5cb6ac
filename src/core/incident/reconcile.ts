import { STATUSES, type HotwashConfig } from "../config/schema.js";
import type { IncidentEvent } from "./events.js";
import type { IncidentState } from "./state.js";

export interface IssueLabelsAndAssignees {
  labels: readonly string[];
  assignees: readonly string[];
}

export interface IssuePatch {
  labels?: string[];
  assignees?: string[];
}

export function statusLabel(config: HotwashConfig, status: string): string {
  return `${config.labels.statusPrefix}${status}`;
}

/**
 * The labels and assignees the log implies, as one patch (null when the issue already matches).
 * Running it on every event is how a write that failed earlier gets repaired.
 */
export function reconcileIssue(
  state: IncidentState,
  events: readonly IncidentEvent[],
  config: HotwashConfig,
  issue: IssueLabelsAndAssignees,
): IssuePatch | null {
  if (!state.declared) return null;
  const managed = new Set([
    ...Object.keys(config.severities),
    ...STATUSES.map((status) => statusLabel(config, status)),
  ]);
  const wanted = [
    config.labels.incident,
    ...(state.drill ? [config.labels.drill] : []),
    ...(state.severity ? [state.severity] : []),
    statusLabel(config, state.status),
  ];
  const labels = [...issue.labels.filter((label) => !managed.has(label)), ...wanted].filter(
    (label, index, all) => all.indexOf(label) === index,
  );

  // Earlier commanders this log assigned are unassigned; people assigned by hand stay.
  const formerCommanders = new Set(
    events.flatMap((e) =>
      e.type === "commander" ? [e.user] : e.type === "declared" && e.commander ? [e.commander] : [],
    ),
  );
  const assignees = state.commander
    ? [state.commander, ...issue.assignees.filter((a) => a !== state.commander && !formerCommanders.has(a))]
    : [...issue.assignees];

  const patch: IssuePatch = {};
  if (!sameSet(labels, issue.labels)) patch.labels = labels;
  if (!sameSet(assignees, issue.assignees)) patch.assignees = assignees;
  return Object.keys(patch).length ? patch : null;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
