import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { buildTimeline, type ActivityItem } from "../../src/core/timeline/entries.js";
import { formatUtc, renderMermaid, renderTimelineTable } from "../../src/core/timeline/render.js";

const t = (hm: string) => `2024-05-01T${hm}:00.000Z`;
const REPO = "https://github.com/acme/shop";
const RUN = (id: number) => `${REPO}/actions/runs/${id}`;
const opts = { repoUrl: REPO, severities: DEFAULT_CONFIG.severities };

/** The checkout outage as recorded, in log order (the backdated note was written at 10:30). */
const log: IncidentEvent[] = [
  {
    type: "declared",
    at: t("10:00"),
    actor: "alice",
    source: 1,
    title: "Checkout API returns 500s",
    severity: "sev2",
    drill: false,
    commander: "alice",
  },
  { type: "severity", at: t("10:05"), actor: "alice", source: 2, from: "sev2", to: "sev1" },
  { type: "commander", at: t("10:07"), actor: "alice", source: 3, user: "bob" },
  {
    type: "dispatch",
    at: t("10:12"),
    actor: "alice",
    source: 4,
    command: "diagnose",
    service: "api",
    workflow: "hotwash-diagnose.yml",
    ref: null,
    runId: 501,
    runUrl: RUN(501),
  },
  {
    type: "run",
    at: t("10:12"),
    actor: "github-actions[bot]",
    runId: 501,
    workflow: "hotwash-diagnose.yml",
    phase: "requested",
    conclusion: null,
    url: RUN(501),
    durationMs: null,
  },
  {
    type: "run",
    at: t("10:15"),
    actor: "github-actions[bot]",
    runId: 501,
    workflow: "hotwash-diagnose.yml",
    phase: "completed",
    conclusion: "success",
    url: RUN(501),
    durationMs: 185_000,
  },
  {
    type: "status",
    at: t("10:20"),
    actor: "bob",
    source: 5,
    status: "identified",
    message: "Bad deploy of api v1.4.3",
  },
  {
    type: "backdated",
    at: t("09:55"),
    actor: "carol",
    source: 6,
    text: "First 500s in the dashboards",
    recordedAt: t("10:30"),
  },
  {
    type: "dispatch",
    at: t("10:35"),
    actor: "bob",
    source: 7,
    command: "rollback",
    service: "api",
    workflow: "hotwash-rollback.yml",
    ref: "v1.4.2",
    runId: null,
    runUrl: null,
  },
  {
    type: "run",
    at: t("10:39"),
    actor: "github-actions[bot]",
    runId: 502,
    workflow: "hotwash-rollback.yml",
    phase: "completed",
    conclusion: "success",
    url: RUN(502),
    durationMs: 240_000,
  },
  {
    type: "status",
    at: t("10:40"),
    actor: "bob",
    source: 8,
    status: "monitoring",
    message: "Error rate back to baseline",
  },
  { type: "status", at: t("11:10"), actor: "bob", source: 9, status: "resolved", message: null },
];

const texts = (events: IncidentEvent[], activity: ActivityItem[] = []) =>
  buildTimeline(events, activity, opts).map((e) => `${e.at.slice(11, 16)} ${e.text}`);

describe("buildTimeline: order", () => {
  it("puts the backdated entry where its time belongs, before the declaration", () => {
    expect(texts(log)).toEqual([
      "09:55 First 500s in the dashboards (recorded later, 2024-05-01 10:30)",
      "10:00 Declared sev2 (High): Checkout API returns 500s",
      "10:05 Severity raised sev2 → sev1 (Critical)",
      "10:07 Commander → @bob",
      "10:12 Dispatched diagnose for `api`",
      "10:12 Diagnose run for `api` started",
      "10:15 Diagnose run for `api` ✅ succeeded in 3m",
      "10:20 Status → identified: Bad deploy of api v1.4.3",
      "10:35 Dispatched rollback for `api` to `v1.4.2`",
      "10:39 Rollback run for `api` ✅ succeeded in 4m",
      "10:40 Status → monitoring: Error rate back to baseline",
      "11:10 Status → resolved",
    ]);
  });

  it("keeps log order for equal times and puts GitHub activity after events of the same minute", () => {
    const sameTime: IncidentEvent[] = [
      { type: "note", at: t("10:00"), actor: "a", text: "first" },
      { type: "note", at: t("10:00"), actor: "a", text: "second" },
      { type: "note", at: t("10:00"), actor: "a", text: "third" },
    ];
    const pr: ActivityItem = {
      at: t("10:00"),
      actor: "dev",
      kind: "pull-request",
      text: "Revert pool size change",
      link: `${REPO}/pull/77`,
    };
    expect(texts(sameTime, [pr])).toEqual([
      "10:00 first",
      "10:00 second",
      "10:00 third",
      "10:00 Revert pool size change",
    ]);
  });

  it("normalizes times to ISO UTC", () => {
    const [entry] = buildTimeline([{ type: "note", at: "2024-05-01T12:00:00+02:00", actor: "a", text: "x" }]);
    expect(entry?.at).toBe("2024-05-01T10:00:00.000Z");
  });
});

describe("buildTimeline: sentences and links", () => {
  const one = (event: IncidentEvent) => buildTimeline([event], [], opts)[0];
  const base = { at: t("10:00"), actor: "alice" };

  it.each<[string, IncidentEvent, string]>([
    [
      "a drill",
      { ...base, type: "declared", title: "Game day", severity: "sev3", drill: true, commander: "bob" },
      "🧪 Drill: Declared sev3 (Medium): Game day, commander @bob",
    ],
    [
      "a lowering",
      { ...base, type: "severity", from: "sev1", to: "sev3" },
      "Severity lowered sev1 → sev3 (Medium)",
    ],
    [
      "a first severity",
      { ...base, type: "severity", from: null, to: "sev2" },
      "Severity set to sev2 (High)",
    ],
    ["a role", { ...base, type: "role", role: "comms", user: "carol" }, "Role comms → @carol"],
    [
      "a note, as written",
      { ...base, type: "note", text: "Paged the DBA | see #db" },
      "Paged the DBA | see #db",
    ],
    ["closing", { ...base, type: "closed" }, "Issue closed"],
    ["reopening", { ...base, type: "reopened" }, "Issue reopened"],
    [
      "a report",
      {
        ...base,
        type: "report",
        runUrl: RUN(9),
        status: "success",
        summary: "p99 latency 2.1s",
        commentUrl: null,
      },
      "Report (success): p99 latency 2.1s",
    ],
    [
      "a reminder",
      { ...base, type: "reminder", key: "update:1", text: "status update overdue" },
      "Reminder: status update overdue",
    ],
    [
      "a post-mortem",
      { ...base, type: "postmortem", pullNumber: 88, url: `${REPO}/pull/88`, path: "docs/postmortems/x.md" },
      "Post-mortem pull request #88: `docs/postmortems/x.md`",
    ],
  ])("%s", (_name, event, text) => {
    expect(one(event)?.text).toBe(text);
  });

  it("action items name owner, due date and priority, and link their issue", () => {
    const item = one({
      ...base,
      type: "action-item",
      title: "Alert on pool saturation",
      owner: "carol",
      due: "2024-05-10",
      priority: "P1",
      issue: 45,
    });
    expect(item).toMatchObject({
      text: "Action item: Alert on pool saturation (owner @carol, due 2024-05-10, P1)",
      link: `${REPO}/issues/45`,
    });
    expect(one({ ...base, type: "action-item-closed", issue: 45 })).toMatchObject({
      text: "Action item #45 done",
      link: `${REPO}/issues/45`,
    });
    expect(buildTimeline([{ ...base, type: "action-item-closed", issue: 45 }])[0]?.link).toBeNull();
  });

  it("links dispatches to their run, or to the workflow when the run id is unknown", () => {
    const entries = buildTimeline(log, [], opts);
    expect(entries.find((e) => e.text.startsWith("Dispatched diagnose"))?.link).toBe(RUN(501));
    expect(entries.find((e) => e.text.startsWith("Dispatched rollback"))?.link).toBe(
      `${REPO}/actions/workflows/hotwash-rollback.yml`,
    );
    expect(entries.find((e) => e.text.startsWith("Rollback run"))?.link).toBe(RUN(502));
  });

  it("names failed runs and runs it cannot match", () => {
    const failed = buildTimeline([
      {
        ...base,
        type: "run",
        runId: 9,
        workflow: "other.yml",
        phase: "completed",
        conclusion: "timed_out",
        url: RUN(9),
        durationMs: null,
      },
    ]);
    expect(failed[0]?.text).toBe("Run of `other.yml` ⏱️ timed out");
  });
});

describe("renderTimelineTable", () => {
  const entries = buildTimeline(
    [...log, { type: "note", at: t("10:45"), actor: "carol", text: "Ping @dave | the\nfix is out" }],
    [],
    opts,
  );

  it("is a markdown table with UTC minutes, defanged logins and short links", () => {
    const table = renderTimelineTable(entries);
    const lines = table.split("\n");
    expect(lines[0]).toBe("| Time (UTC) | Who | What |");
    expect(lines[1]).toBe("| --- | --- | --- |");
    expect(lines).toContain(
      "| 2024-05-01 10:12 | @\u200balice | Dispatched diagnose for `api` [run](https://github.com/acme/shop/actions/runs/501) |",
    );
    expect(lines).toContain("| 2024-05-01 10:07 | @\u200balice | Commander → @\u200bbob |");
  });

  it("never lets a mention notify or a pipe/newline break a row", () => {
    const table = renderTimelineTable(entries);
    expect(table).not.toMatch(/@(bob|dave|alice|carol)/);
    expect(table).toContain("| 2024-05-01 10:45 | @\u200bcarol | Ping @\u200bdave \\| the fix is out |");
    for (const line of table.split("\n")) expect(line.match(/(?<!\\)\|/g)).toHaveLength(4);
  });

  it("limits to the most recent entries, newest first when asked", () => {
    const table = renderTimelineTable(entries, { limit: 2, newestFirst: true });
    const rows = table.split("\n").slice(2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("Status → resolved");
    expect(rows[1]).toContain("Ping");
  });

  it("shows issue links as #number and says so when empty", () => {
    const [row] = buildTimeline(
      [{ type: "action-item-closed", at: t("12:00"), actor: "bob", issue: 45 }],
      [],
      opts,
    );
    expect(renderTimelineTable([row!])).toContain(
      "Action item #45 done [#45](https://github.com/acme/shop/issues/45)",
    );
    expect(renderTimelineTable([])).toBe("_No timeline entries yet._");
  });

  it("formats times as YYYY-MM-DD HH:MM", () => {
    expect(formatUtc("2024-05-01T09:05:59.900Z")).toBe("2024-05-01 09:05");
  });
});

describe("renderMermaid", () => {
  const state = foldIncident(log);
  const chart = renderMermaid(state, buildTimeline(log, [], opts));

  it("is a gantt chart of the phases reached, bars between milestones", () => {
    expect(chart.startsWith("```mermaid\ngantt\n")).toBe(true);
    expect(chart.endsWith("\n```")).toBe(true);
    expect(chart).toContain("dateFormat YYYY-MM-DDTHH:mm");
    expect(chart).toContain("Declared → Acknowledged 7m :p0, 2024-05-01T10:00, 7m");
    expect(chart).toContain("Acknowledged → Mitigated 33m :p1, 2024-05-01T10:07, 33m");
    expect(chart).toContain("Mitigated → Resolved 30m :p2, 2024-05-01T10:40, 30m");
    for (const phase of ["Declared", "Acknowledged", "Mitigated", "Resolved"]) {
      expect(chart).toMatch(new RegExp(`^  ${phase} :milestone, m\\d, `, "m"));
    }
  });

  it("marks severity changes, dispatches and status changes as events", () => {
    expect(chart).toContain("  section Events");
    expect(chart).toContain("Severity raised sev2 → sev1 (Critical) :milestone, e0, 2024-05-01T10:05, 0m");
    expect(chart).toContain("Dispatched rollback for api to v1.4.2 :milestone");
    expect(chart).toContain("Status → identified :milestone");
    expect(chart).not.toContain("First 500s"); // notes are not key events
  });

  it("shows only the phases reached, the last one open", () => {
    const open = log.slice(0, 7);
    const partial = renderMermaid(foldIncident(open), buildTimeline(open, [], opts));
    expect(partial).toContain("Acknowledged → ongoing 13m :p1, 2024-05-01T10:07, 13m");
    expect(partial).not.toContain("Mitigated");
    expect(partial).not.toContain("Resolved");
  });

  it("keeps hostile titles and messages from breaking the syntax", () => {
    const hostile: IncidentEvent[] = [
      { ...log[0]!, type: "declared", title: "DB: down; #1 %% `x` <b>" } as IncidentEvent,
      { type: "status", at: t("10:02"), actor: "bob", status: "identified", message: "a: b; c" },
      {
        type: "dispatch",
        at: t("10:03"),
        actor: "bob",
        command: "rollback",
        service: "api",
        workflow: "w.yml",
        ref: "v1:2#3",
        runId: null,
        runUrl: null,
      },
    ];
    const text = renderMermaid(foldIncident(hostile), buildTimeline(hostile));
    const labels = text
      .split("\n")
      .filter((line) => line.includes(" :") || line.includes("title "))
      .map((line) => (line.includes(" :") ? line.slice(0, line.indexOf(" :")) : line));
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) expect(label).not.toMatch(/[:;#%`<>]/);
    expect(text).toContain("title Incident DB down 1 x b (UTC)");
  });

  it("is empty before the incident is declared", () => {
    expect(renderMermaid(foldIncident([]), [])).toBe("");
  });
});
