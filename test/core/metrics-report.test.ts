import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { renderReport } from "../../src/core/metrics/render-report.js";
import { buildReport, spread, type ReportIncident } from "../../src/core/metrics/report.js";

const MIN = 60_000;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

/**
 * A history over two months, default severities (sev1: ack 15m, resolve 1h; sev2: ack 30m,
 * resolve 4h; post-mortems owed for sev1 and sev2 within 48h of resolution). Minutes after
 * declaration: ack = a person takes command, mitigated = monitoring, resolved = resolved.
 */
function incident(
  number: number,
  o: {
    severity: string;
    declared: string;
    ack?: number;
    mitigated?: number;
    resolved?: number;
    drill?: boolean;
    notPlanned?: boolean;
    merged?: string;
    items?: { due: string | null; done: boolean }[];
  },
): ReportIncident {
  const at = o.declared;
  const events: IncidentEvent[] = [
    {
      type: "declared",
      at,
      actor: "hotwash[bot]",
      title: `Incident ${number}`,
      severity: o.severity,
      drill: o.drill ?? false,
      commander: null,
    },
  ];
  if (o.ack !== undefined) events.push({ type: "commander", at: plus(at, o.ack), actor: "bob", user: "bob" });
  if (o.mitigated !== undefined)
    events.push({
      type: "status",
      at: plus(at, o.mitigated),
      actor: "bob",
      status: "monitoring",
      message: null,
    });
  if (o.resolved !== undefined)
    events.push({
      type: "status",
      at: plus(at, o.resolved),
      actor: "bob",
      status: "resolved",
      message: null,
    });
  (o.items ?? []).forEach((item, i) => {
    const issue = number * 100 + i;
    events.push({
      type: "action-item",
      at,
      actor: "bob",
      title: `Item ${issue}`,
      owner: "bob",
      due: item.due,
      priority: "P2",
      issue,
    });
    if (item.done) events.push({ type: "action-item-closed", at, actor: "bob", issue });
  });
  if (o.merged)
    events.push({ type: "postmortem-merged", at: o.merged, actor: "alice", pullNumber: number + 50 });
  if (o.notPlanned) events.push({ type: "closed", at, actor: "alice" });
  return { number, state: foldIncident(events), notPlanned: o.notPlanned ?? false };
}

const HISTORY: ReportIncident[] = [
  // October
  incident(1, {
    severity: "sev1",
    declared: "2026-10-03T10:00:00.000Z",
    ack: 10,
    mitigated: 40,
    resolved: 90, // > 1h: resolution target breached
    merged: "2026-10-04T10:00:00.000Z", // within 48h of 11:30: on time
    items: [
      { due: "2026-10-20", done: true },
      { due: "2026-11-01", done: false }, // overdue on 2026-11-30
    ],
  }),
  incident(2, {
    severity: "sev2",
    declared: "2026-10-10T08:00:00.000Z",
    ack: 40, // > 30m: acknowledgement target breached
    mitigated: 60,
    resolved: 120,
    merged: "2026-10-15T08:00:00.000Z", // resolved 10-10 10:00, due 10-12 10:00: late
    items: [{ due: "2026-12-15", done: false }],
  }),
  incident(3, {
    severity: "sev2",
    declared: "2026-10-20T12:00:00.000Z",
    ack: 20,
    mitigated: 30,
    resolved: 180,
  }),
  incident(4, {
    severity: "sev1",
    declared: "2026-10-25T12:00:00.000Z",
    drill: true,
    ack: 500,
    resolved: 900,
  }),
  // November
  incident(5, {
    severity: "sev1",
    declared: "2026-11-05T09:00:00.000Z",
    ack: 5,
    mitigated: 20,
    resolved: 50,
    merged: "2026-11-06T09:00:00.000Z",
    items: [{ due: null, done: true }],
  }),
  incident(6, {
    severity: "sev2",
    declared: "2026-11-12T14:00:00.000Z",
    ack: 15,
    mitigated: 100,
    resolved: 300,
  }),
  // Still open on 11-30 12:00, long past sev2's 4h: its resolution target is breached already.
  incident(7, { severity: "sev2", declared: "2026-11-29T10:00:00.000Z", ack: 25 }),
  incident(8, { severity: "sev1", declared: "2026-11-20T10:00:00.000Z", notPlanned: true, ack: 900 }),
];
const NOW = new Date("2026-11-30T12:00:00.000Z");

const report = (since: Date | null = null, until: Date | null = null) =>
  buildReport({ incidents: HISTORY, unreadable: [9], config: DEFAULT_CONFIG, now: NOW, since, until });

describe("the metrics report on a hand-computed history", () => {
  it("leaves the drill and the false alarm out, counting them", () => {
    const r = report();
    expect(r.all.incidents).toBe(6);
    expect(r.drills).toBe(1);
    expect(r.falseAlarms).toBe(1);
    expect(r.unreadable).toEqual([9]);
  });

  it("computes median and p90 across all incidents", () => {
    const { all } = report();
    // MTTA 5,10,15,20,25,40: median (15+20)/2 = 17.5m; p90 rank ⌈5.4⌉ = 6th → 40m.
    expect(all.mtta).toEqual({ count: 6, median: 17.5 * MIN, p90: 40 * MIN });
    // MTTM 20,30,40,60,100 (#7 not mitigated): median 40m; p90 rank ⌈4.5⌉ = 5th → 100m.
    expect(all.mttm).toEqual({ count: 5, median: 40 * MIN, p90: 100 * MIN });
    // MTTR 50,90,120,180,300: median 120m; p90 300m.
    expect(all.mttr).toEqual({ count: 5, median: 120 * MIN, p90: 300 * MIN });
    // Ack breached: #2. Resolve breached: #1 (90m > 1h), #6 (300m > 4h), #7 (open past 4h).
    expect(all.acknowledgeBreached).toBe(1);
    expect(all.resolveBreached).toBe(3);
    // All six owe one; #1, #2, #5 merged; #2 merged late.
    expect(all.postmortems).toEqual({ required: 6, done: 3, onTime: 2 });
    // #1: one done, one overdue; #2: one open, due later; #5: one done.
    expect(all.actionItems).toEqual({ open: 2, overdue: 1, done: 2 });
  });

  it("splits by severity", () => {
    const [sev1, sev2] = report().bySeverity;
    expect(sev1?.severity).toBe("sev1");
    // #1, #5: MTTA 5,10 → median 7.5m, p90 ⌈1.8⌉ = 2nd → 10m; MTTR 50,90 → 70m, 90m.
    expect(sev1?.figures.mtta).toEqual({ count: 2, median: 7.5 * MIN, p90: 10 * MIN });
    expect(sev1?.figures.mttr).toEqual({ count: 2, median: 70 * MIN, p90: 90 * MIN });
    expect(sev1?.figures.postmortems).toEqual({ required: 2, done: 2, onTime: 2 });
    expect(sev1?.figures.resolveBreached).toBe(1);
    expect(sev2?.severity).toBe("sev2");
    // #2, #3, #6, #7: MTTA 15,20,25,40 → 22.5m, p90 ⌈3.6⌉ = 4th → 40m; MTTM 30,60,100 → 60m, 100m.
    expect(sev2?.figures.mtta).toEqual({ count: 4, median: 22.5 * MIN, p90: 40 * MIN });
    expect(sev2?.figures.mttm).toEqual({ count: 3, median: 60 * MIN, p90: 100 * MIN });
    expect(sev2?.figures.mttr).toEqual({ count: 3, median: 180 * MIN, p90: 300 * MIN });
    expect(sev2?.figures.acknowledgeBreached).toBe(1);
    expect(sev2?.figures.resolveBreached).toBe(2);
    expect(sev2?.figures.postmortems).toEqual({ required: 4, done: 1, onTime: 0 });
  });

  it("splits by month of declaration", () => {
    const [oct, nov] = report().byMonth;
    expect(oct?.month).toBe("2026-10");
    expect(oct?.incidentsBySeverity).toEqual({ sev1: 1, sev2: 2 });
    // #1, #2, #3: MTTA 10,20,40 → 20m, p90 ⌈2.7⌉ = 3rd → 40m; MTTR 90,120,180 → 120m, 180m.
    expect(oct?.figures.mtta).toEqual({ count: 3, median: 20 * MIN, p90: 40 * MIN });
    expect(oct?.figures.mttr).toEqual({ count: 3, median: 120 * MIN, p90: 180 * MIN });
    expect(nov?.month).toBe("2026-11");
    expect(nov?.incidentsBySeverity).toEqual({ sev1: 1, sev2: 2 });
    // #5, #6, #7: MTTA 5,15,25 → 15m, 25m; MTTR 50,300 → 175m, p90 ⌈1.8⌉ = 2nd → 300m.
    expect(nov?.figures.mtta).toEqual({ count: 3, median: 15 * MIN, p90: 25 * MIN });
    expect(nov?.figures.mttr).toEqual({ count: 2, median: 175 * MIN, p90: 300 * MIN });
  });

  it("keeps to the period asked for", () => {
    const r = report(new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));
    expect(r.all.incidents).toBe(3);
    expect(r.drills).toBe(0); // the drill was in October
    expect(r.falseAlarms).toBe(1);
    expect(r.byMonth.map((m) => m.month)).toEqual(["2026-11"]);
  });

  it("renders markdown with both charts, and CSV and JSON with the same figures", () => {
    const r = report();
    const md = renderReport(r, "markdown", "acme/shop");
    expect(md).toContain("1 drill, not in the figures.");
    expect(md).toContain("1 false alarm (closed as not planned), left out.");
    expect(md).toContain("1 incident not readable");
    expect(md).toContain("| All | 6 | 18m | 40m | 40m | 1h 40m | 2h | 5h | 1 | 3 | 6 | 3 | 2 | 2 | 1 | 2 |");
    expect(md).toContain('x-axis ["2026-10 sev1", "2026-10 sev2", "2026-11 sev1", "2026-11 sev2"]');
    expect(md).toContain("bar [1, 2, 1, 2]");
    // Median MTTR: October 2h, November 2h 55m = 2.9h (rounded to a tenth).
    expect(md).toContain("line [2, 2.9]");
    const csv = renderReport(r, "csv", "acme/shop").split("\n");
    expect(csv[1]).toBe("all,,6,1050000,2400000,2400000,6000000,7200000,18000000,1,3,6,3,2,2,1,2");
    expect(csv).toContain("month,2026-11,3,900000,1500000,3600000,6000000,10500000,18000000,0,2,3,1,1,0,0,1");
    expect(JSON.parse(renderReport(r, "json", "acme/shop"))).toMatchObject({ repo: "acme/shop", drills: 1 });
  });
});

describe("spread", () => {
  it("is nearest-rank for p90 and the middle for the median", () => {
    expect(spread([])).toEqual({ count: 0, median: null, p90: null });
    expect(spread([7])).toEqual({ count: 1, median: 7, p90: 7 });
    // 10 values: p90 rank 9.
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, median: 5.5, p90: 9 });
  });
});
