import { STATUSES, type HotwashConfig } from "../config/schema.js";
import type { IncidentState } from "./state.js";

export interface IssueLabelsAndAssignees {
  labels: readonly string[];
  assignees: readonly string[];
}

/** What to change on the issue: labels one by one (only Hotwash's own), assignees as a set. */
export interface IssueChanges {
  addLabels: string[];
  removeLabels: string[];
  assignees?: string[];
}

export function statusLabel(config: HotwashConfig, status: string): string {
  return `${config.labels.statusPrefix}${status}`;
}

/** The labels Hotwash owns: it adds and removes these, and never any other. */
export function ownedLabels(config: HotwashConfig): string[] {
  return [
    config.labels.incident,
    config.labels.drill,
    ...Object.keys(config.severities),
    ...STATUSES.map((status) => statusLabel(config, status)),
  ];
}

/** The owned labels the incident's state calls for. */
export function wantedLabels(state: IncidentState, config: HotwashConfig): string[] {
  return [
    config.labels.incident,
    ...(state.drill ? [config.labels.drill] : []),
    ...(state.severity ? [state.severity] : []),
    statusLabel(config, state.status),
  ];
}

/**
 * The owned labels to add and remove so that `current` agrees with the state. Labels people use
 * for anything else are not Hotwash's, so they are never in either list. GitHub compares label
 * names without case.
 */
export function labelChanges(
  state: IncidentState,
  config: HotwashConfig,
  current: readonly string[],
): { add: string[]; remove: string[] } {
  if (!state.declared) return { add: [], remove: [] };
  const key = (label: string) => label.toLowerCase();
  const wanted = wantedLabels(state, config);
  const wantedKeys = new Set(wanted.map(key));
  const owned = new Set(ownedLabels(config).map(key));
  const have = new Set(current.map(key));
  return {
    add: unique(wanted.filter((label) => !have.has(key(label)))),
    remove: unique(current.filter((label) => owned.has(key(label)) && !wantedKeys.has(key(label)))),
  };
}

/**
 * The labels and assignees the state implies, against the issue as last seen (null when it
 * already matches). Running it on every event is how a write that failed earlier gets repaired.
 */
export function reconcileIssue(
  state: IncidentState,
  config: HotwashConfig,
  issue: IssueLabelsAndAssignees,
): IssueChanges | null {
  if (!state.declared) return null;
  const { add, remove } = labelChanges(state, config, issue.labels);
  const assignees = assigneesFor(state, issue.assignees);
  if (!add.length && !remove.length && !assignees) return null;
  return { addLabels: add, removeLabels: remove, ...(assignees ? { assignees } : {}) };
}

/** Earlier commanders the log assigned are unassigned; people assigned by hand stay. Null: no change. */
export function assigneesFor(state: IncidentState, current: readonly string[]): string[] | null {
  if (!state.commander) return null;
  const former = new Set(state.commanders);
  const assignees = [state.commander, ...current.filter((a) => a !== state.commander && !former.has(a))];
  const same = assignees.length === current.length && assignees.every((a) => current.includes(a));
  return same ? null : assignees;
}

function unique(labels: string[]): string[] {
  return labels.filter((label, i) => labels.findIndex((l) => l.toLowerCase() === label.toLowerCase()) === i);
}
