import { postmortemRequiredFor, type HotwashConfig } from "../config/schema.js";
import type { IncidentState } from "../incident/state.js";
import { ownValue } from "../config/lookup.js";
import { computeMetrics } from "./metrics.js";

/** One incident as its board says, with how its issue was closed. */
export interface ReportIncident {
  number: number;
  state: IncidentState;
  /** The issue was closed as not planned: a false alarm, left out of the figures. */
  notPlanned: boolean;
}

export interface ReportInput {
  incidents: readonly ReportIncident[];
  /** Incidents whose board could not be read or trusted: left out, and said so. */
  unreadable: readonly number[];
  config: HotwashConfig;
  now: Date;
  /** Declared at or after `since` and before `until` (exclusive); null: no bound. */
  since: Date | null;
  until: Date | null;
}

/** Median and 90th percentile of the incidents that reached the milestone, in ms. */
export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface Figures {
  incidents: number;
  mtta: Spread;
  mttm: Spread;
  mttr: Spread;
  acknowledgeBreached: number;
  resolveBreached: number;
  postmortems: { required: number; done: number; onTime: number };
  actionItems: { open: number; overdue: number; done: number };
}

export interface MetricsReport {
  now: string;
  since: string | null;
  until: string | null;
  /** Severity keys in the config's order, then any others the incidents had ("none": no severity). */
  severities: string[];
  all: Figures;
  bySeverity: { severity: string; figures: Figures }[];
  /** Month of declaration (UTC, `YYYY-MM`), oldest first, with its incidents per severity. */
  byMonth: { month: string; figures: Figures; incidentsBySeverity: Record<string, number> }[];
  drills: number;
  falseAlarms: number;
  unreadable: number[];
}

export const NO_SEVERITY = "none";

/**
 * Figures across incidents. Pure: `now` decides which targets are already breached and which
 * action items are overdue. Drills and incidents closed as not planned are counted, never measured.
 */
export function buildReport(input: ReportInput): MetricsReport {
  const { config, now } = input;
  const inPeriod = input.incidents.filter(({ state }) => {
    const declared = Date.parse(state.milestones.declaredAt ?? "");
    if (!state.declared || Number.isNaN(declared)) return false;
    return (
      (!input.since || declared >= input.since.getTime()) &&
      (!input.until || declared < input.until.getTime())
    );
  });
  const drills = inPeriod.filter((i) => i.state.drill);
  const falseAlarms = inPeriod.filter((i) => !i.state.drill && i.notPlanned);
  const measured = inPeriod.filter((i) => !i.state.drill && !i.notPlanned).map((i) => i.state);

  const severityOf = (s: IncidentState) => s.severity ?? NO_SEVERITY;
  const configured = Object.keys(config.severities);
  const others = [...new Set(measured.map(severityOf))].filter((k) => !configured.includes(k)).sort();
  const present = new Set(measured.map(severityOf));
  const severities = [...configured.filter((k) => present.has(k)), ...others];
  const monthOf = (s: IncidentState) => (s.milestones.declaredAt ?? "").slice(0, 7);
  const months = [...new Set(measured.map(monthOf))].sort();

  const figures = (states: IncidentState[]) => figuresOf(states, config, now);
  return {
    now: now.toISOString(),
    since: input.since?.toISOString() ?? null,
    until: input.until?.toISOString() ?? null,
    severities,
    all: figures(measured),
    bySeverity: severities.map((severity) => ({
      severity,
      figures: figures(measured.filter((s) => severityOf(s) === severity)),
    })),
    byMonth: months.map((month) => {
      const ofMonth = measured.filter((s) => monthOf(s) === month);
      return {
        month,
        figures: figures(ofMonth),
        incidentsBySeverity: Object.fromEntries(
          severities.map((k) => [k, ofMonth.filter((s) => severityOf(s) === k).length]),
        ),
      };
    }),
    drills: drills.length,
    falseAlarms: falseAlarms.length,
    unreadable: [...input.unreadable].sort((a, b) => a - b),
  };
}

function figuresOf(states: IncidentState[], config: HotwashConfig, now: Date): Figures {
  const required = new Set(postmortemRequiredFor(config));
  // Overdue: the due date (a day, UTC) is before today.
  const today = now.toISOString().slice(0, 10);
  const durations = { mtta: [] as number[], mttm: [] as number[], mttr: [] as number[] };
  const out: Figures = {
    incidents: states.length,
    mtta: spread([]),
    mttm: spread([]),
    mttr: spread([]),
    acknowledgeBreached: 0,
    resolveBreached: 0,
    postmortems: { required: 0, done: 0, onTime: 0 },
    actionItems: { open: 0, overdue: 0, done: 0 },
  };
  for (const state of states) {
    const severity = state.severity === null ? null : (ownValue(config.severities, state.severity) ?? null);
    const m = computeMetrics(state, severity, now);
    if (m.mtta !== null) durations.mtta.push(m.mtta);
    if (m.mttm !== null) durations.mttm.push(m.mttm);
    if (m.mttr !== null) durations.mttr.push(m.mttr);
    if (m.acknowledge.state === "breached") out.acknowledgeBreached++;
    if (m.resolve.state === "breached") out.resolveBreached++;

    if (state.severity !== null && required.has(state.severity)) out.postmortems.required++;
    const merged = Date.parse(state.postmortemMergedAt ?? "");
    if (!Number.isNaN(merged)) {
      out.postmortems.done++;
      const resolved = Date.parse(state.milestones.resolvedAt ?? "");
      // Merged before the incident was resolved is on time too.
      if (Number.isNaN(resolved) || merged <= resolved + config.postmortem.dueWithin)
        out.postmortems.onTime++;
    }
    for (const item of state.actionItems) {
      if (item.done) out.actionItems.done++;
      else {
        out.actionItems.open++;
        if (item.due !== null && item.due < today) out.actionItems.overdue++;
      }
    }
  }
  out.mtta = spread(durations.mtta);
  out.mttm = spread(durations.mttm);
  out.mttr = spread(durations.mttr);
  return out;
}

/**
 * Median: the middle value, or the mean of the two middle ones for an even count. p90: nearest
 * rank, the smallest value at least 90% of the values are less than or equal to (the
 * ⌈0.9·n⌉-th smallest), so it is always a duration some incident took.
 */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { count: 0, median: null, p90: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  return { count: n, median, p90 };
}

/**
 * `YYYY-MM-DD` (a whole UTC day: `--until` includes it) or a full ISO time. Null when not given.
 */
export function reportDate(flag: string, value: string | undefined, endOfDay: boolean): Date | null {
  if (value === undefined) return null;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new Error(`${flag} must be a date like 2026-11-01 (got "${value}")`);
  return new Date(dayOnly && endOfDay ? ms + 86_400_000 : ms);
}
