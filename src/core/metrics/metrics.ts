import type { SeverityConfig } from "../config/schema.js";
import type { IncidentState } from "../incident/state.js";

export type TargetState = "met" | "breached" | "pending" | "none";

/** One response target of the severity (acknowledge within, resolve within) and how it went. */
export interface TargetStatus {
  /** The allowance in ms; null when the severity sets none. */
  target: number | null;
  /** ISO time the target falls due (declared + target). */
  due: string | null;
  state: TargetState;
  /** ISO time the milestone was reached, if it was. */
  at: string | null;
}

export interface IncidentMetrics {
  /** Milliseconds from declared to acknowledged / mitigated / resolved; null until reached. */
  mtta: number | null;
  mttm: number | null;
  mttr: number | null;
  acknowledge: TargetStatus;
  resolve: TargetStatus;
  /** ISO time the next status update is due; null once resolved or closed, or without a cadence. */
  nextUpdateDue: string | null;
  updateOverdue: boolean;
}

/**
 * Durations and target checks for one incident. Drills are
 * measured too, so a practice run shows how the team did; reports exclude them, not this function.
 */
export function computeMetrics(
  state: IncidentState,
  severity: SeverityConfig | null,
  now: Date,
): IncidentMetrics {
  const { declaredAt, acknowledgedAt, mitigatedAt, resolvedAt } = state.milestones;
  const declared = toMs(declaredAt);
  const nowMs = now.getTime();

  const cadence = severity?.updateEvery ?? null;
  const lastUpdate = toMs(state.lastUpdateAt) ?? declared;
  const updatesStopped = state.status === "resolved" || state.closed;
  const nextUpdate = cadence !== null && lastUpdate !== null && !updatesStopped ? lastUpdate + cadence : null;

  return {
    mtta: since(declared, acknowledgedAt),
    mttm: since(declared, mitigatedAt),
    mttr: since(declared, resolvedAt),
    acknowledge: target(declared, severity?.acknowledgeWithin ?? null, acknowledgedAt, nowMs),
    resolve: target(declared, severity?.resolveWithin ?? null, resolvedAt, nowMs),
    nextUpdateDue: nextUpdate === null ? null : new Date(nextUpdate).toISOString(),
    updateOverdue: nextUpdate !== null && nowMs > nextUpdate,
  };
}

function target(
  declared: number | null,
  allowance: number | null,
  reachedAt: string | null,
  now: number,
): TargetStatus {
  const reached = toMs(reachedAt);
  if (declared === null || allowance === null) {
    return { target: allowance, due: null, state: "none", at: reached === null ? null : reachedAt };
  }
  const due = declared + allowance;
  // Reaching the milestone exactly at the due time still counts as met.
  const state: TargetState =
    reached !== null ? (reached <= due ? "met" : "breached") : now > due ? "breached" : "pending";
  return {
    target: allowance,
    due: new Date(due).toISOString(),
    state,
    at: reached === null ? null : reachedAt,
  };
}

function since(start: number | null, endIso: string | null): number | null {
  const end = toMs(endIso);
  return start === null || end === null ? null : end - start;
}

function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
