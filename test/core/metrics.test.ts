import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { computeMetrics } from "../../src/core/metrics/metrics.js";

const t = (hm: string) => `2024-05-01T${hm}:00.000Z`;
const MIN = 60_000;
const sev1 = DEFAULT_CONFIG.severities.sev1 ?? null;
const sev2 = DEFAULT_CONFIG.severities.sev2 ?? null;
const sev4 = DEFAULT_CONFIG.severities.sev4 ?? null;

/** The checkout outage: declared sev2 10:00, raised 10:05, bob takes command 10:07 (ack). */
const start: IncidentEvent[] = [
  {
    type: "declared",
    at: t("10:00"),
    actor: "alice",
    title: "Checkout API returns 500s",
    severity: "sev2",
    drill: false,
    commander: "alice",
  },
  { type: "severity", at: t("10:05"), actor: "alice", from: "sev2", to: "sev1" },
  { type: "commander", at: t("10:07"), actor: "alice", user: "bob" },
  { type: "status", at: t("10:20"), actor: "bob", status: "identified", message: "Bad deploy of api" },
];
const finish: IncidentEvent[] = [
  { type: "status", at: t("10:40"), actor: "bob", status: "monitoring", message: "Rolled back" },
  { type: "status", at: t("11:10"), actor: "bob", status: "resolved", message: null },
];

describe("computeMetrics on the checkout outage", () => {
  it("measures MTTA, MTTM and MTTR from the declaration", () => {
    const m = computeMetrics(foldIncident([...start, ...finish]), sev1, new Date(t("12:00")));
    expect(m.mtta).toBe(7 * MIN);
    expect(m.mttm).toBe(40 * MIN);
    expect(m.mttr).toBe(70 * MIN);
  });

  it("met the 15m acknowledgement target, breached the 1h resolution target", () => {
    const m = computeMetrics(foldIncident([...start, ...finish]), sev1, new Date(t("12:00")));
    expect(m.acknowledge).toEqual({ target: 15 * MIN, due: t("10:15"), state: "met", at: t("10:07") });
    expect(m.resolve).toEqual({ target: 60 * MIN, due: t("11:00"), state: "breached", at: t("11:10") });
  });

  it("the same timings meet sev2's 4h resolution target", () => {
    const m = computeMetrics(foldIncident([...start, ...finish]), sev2, new Date(t("12:00")));
    expect(m.resolve.state).toBe("met");
  });

  it("a milestone reached exactly at the due time counts as met", () => {
    const events: IncidentEvent[] = [
      start[0]!,
      { type: "commander", at: t("10:30"), actor: "alice", user: "bob" },
    ];
    expect(computeMetrics(foldIncident(events), sev2, new Date(t("10:31"))).acknowledge.state).toBe("met");
  });

  it("an unreached target is pending before it is due and breached after", () => {
    const declaredOnly = foldIncident(start.slice(0, 1));
    expect(computeMetrics(declaredOnly, sev1, new Date(t("10:10"))).acknowledge).toMatchObject({
      state: "pending",
      due: t("10:15"),
      at: null,
    });
    expect(computeMetrics(declaredOnly, sev1, new Date(t("10:16"))).acknowledge.state).toBe("breached");
    expect(computeMetrics(declaredOnly, sev1, new Date(t("10:16"))).mtta).toBeNull();
  });

  it("durations stay null until reached", () => {
    const m = computeMetrics(foldIncident(start), sev1, new Date(t("10:30")));
    expect(m).toMatchObject({ mtta: 7 * MIN, mttm: null, mttr: null });
    expect(m.resolve.state).toBe("pending");
  });
});

describe("computeMetrics: status update cadence", () => {
  it("the next update is due one cadence after the last human update", () => {
    const m = computeMetrics(foldIncident(start), sev1, new Date(t("10:30")));
    expect(m.nextUpdateDue).toBe(t("10:50"));
    expect(m.updateOverdue).toBe(false);
  });

  it("is overdue once that time has passed", () => {
    const m = computeMetrics(foldIncident(start), sev1, new Date(t("10:55")));
    expect(m.updateOverdue).toBe(true);
  });

  it("counts from the declaration when nobody has posted an update", () => {
    const m = computeMetrics(foldIncident(start.slice(0, 1)), sev2, new Date(t("10:10")));
    expect(m.nextUpdateDue).toBe(t("11:00"));
  });

  it("stops once resolved, and for severities without a cadence", () => {
    const resolved = computeMetrics(foldIncident([...start, ...finish]), sev1, new Date(t("13:00")));
    expect(resolved).toMatchObject({ nextUpdateDue: null, updateOverdue: false });
    const quiet = computeMetrics(foldIncident(start), sev4, new Date(t("23:00")));
    expect(quiet).toMatchObject({ nextUpdateDue: null, updateOverdue: false });
  });

  it("stops when the issue is closed without a resolution", () => {
    const closed = foldIncident([...start, { type: "closed", at: t("10:30"), actor: "alice" }]);
    expect(computeMetrics(closed, sev1, new Date(t("13:00"))).nextUpdateDue).toBeNull();
  });
});

describe("computeMetrics without targets", () => {
  it("an unknown severity has no targets but still measures durations", () => {
    const m = computeMetrics(foldIncident([...start, ...finish]), null, new Date(t("12:00")));
    expect(m.acknowledge).toEqual({ target: null, due: null, state: "none", at: t("10:07") });
    expect(m.resolve.state).toBe("none");
    expect(m.mttr).toBe(70 * MIN);
    expect(m.nextUpdateDue).toBeNull();
  });

  it("an undeclared incident has nothing to measure", () => {
    const m = computeMetrics(foldIncident([]), sev1, new Date(t("12:00")));
    expect(m).toMatchObject({
      mtta: null,
      mttm: null,
      mttr: null,
      nextUpdateDue: null,
      updateOverdue: false,
    });
    expect(m.acknowledge.state).toBe("none");
  });
});
