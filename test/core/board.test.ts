import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";
import {
  BOARD_BUDGET,
  BOARD_MARKER,
  readBoardData,
  readCheckedItems,
  renderBoard,
  type BoardData,
} from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { emptyBoardData } from "../../src/core/incident/log.js";
import { foldIncident } from "../../src/core/incident/state.js";

const t = (hm: string) => `2024-05-01T${hm}:00.000Z`;
const REPO = "https://github.com/acme/shop";
const RUN = (id: number) => `${REPO}/actions/runs/${id}`;

/** The checkout outage up to mitigation; `resolved` and the rest are added per test. */
const outage: IncidentEvent[] = [
  {
    type: "declared",
    at: t("10:00"),
    actor: "alice",
    source: 101,
    title: "Checkout API returns 500s",
    severity: "sev2",
    drill: false,
    commander: "alice",
  },
  { type: "severity", at: t("10:05"), actor: "alice", source: 102, from: "sev2", to: "sev1" },
  { type: "commander", at: t("10:07"), actor: "alice", source: 103, user: "bob" },
  { type: "role", at: t("10:08"), actor: "bob", source: 104, role: "comms", user: "carol" },
  {
    type: "dispatch",
    at: t("10:12"),
    actor: "alice",
    source: 105,
    command: "diagnose",
    service: "api",
    workflow: "hotwash-diagnose.yml",
    ref: null,
    runId: 501,
    runUrl: RUN(501),
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
    durationMs: 180_000,
  },
  {
    type: "status",
    at: t("10:20"),
    actor: "bob",
    source: 106,
    status: "identified",
    message: "Bad deploy of api v1.4.3, cc @dave\nPool | exhausted",
  },
  {
    type: "backdated",
    at: t("09:55"),
    actor: "carol",
    source: 107,
    text: "First 500s in the dashboards",
    recordedAt: t("10:30"),
  },
  {
    type: "dispatch",
    at: t("10:35"),
    actor: "bob",
    source: 108,
    command: "rollback",
    service: "api",
    workflow: "hotwash-rollback.yml",
    ref: "v1.4.2",
    runId: 502,
    runUrl: RUN(502),
  },
  {
    type: "run",
    at: t("10:39"),
    actor: "github-actions[bot]",
    runId: 502,
    workflow: "hotwash-rollback.yml",
    phase: "completed",
    conclusion: "failure",
    url: RUN(502),
    durationMs: 240_000,
  },
];
const mitigated: IncidentEvent[] = [
  ...outage,
  {
    type: "status",
    at: t("10:40"),
    actor: "bob",
    source: 109,
    status: "monitoring",
    message: "Rolled back by hand",
  },
];
const resolved: IncidentEvent[] = [
  ...mitigated,
  { type: "status", at: t("11:10"), actor: "bob", source: 110, status: "resolved", message: null },
  {
    type: "action-item",
    at: t("11:20"),
    actor: "bob",
    source: 111,
    title: "Alert on pool saturation",
    owner: "carol",
    due: "2024-05-10",
    priority: "P1",
    issue: 45,
  },
  {
    type: "action-item",
    at: t("11:21"),
    actor: "bob",
    source: 112,
    title: "Canary the api deploys",
    owner: null,
    due: null,
    priority: "P2",
    issue: 46,
  },
  { type: "action-item-closed", at: t("12:00"), actor: "carol", issue: 45 },
];

function board(events: IncidentEvent[], extra: Partial<Parameters<typeof renderBoard>[0]> = {}) {
  const data: BoardData = {
    ...emptyBoardData(),
    events,
    processed: events.flatMap((e) => (e.source ? [e.source] : [])),
  };
  return renderBoard({
    issueNumber: 42,
    state: foldIncident(events),
    data,
    config: DEFAULT_CONFIG,
    now: new Date(t("10:45")),
    repoUrl: REPO,
    ...extra,
  });
}
/** The part people read: everything before the hidden data. */
const visible = (body: string) => body.split("<!-- hotwash:data ")[0] ?? "";

describe("renderBoard: what a responder sees mid-incident", () => {
  const body = board(mitigated);

  it("starts with the marker, then the severity, its name and the title", () => {
    expect(body.startsWith(BOARD_MARKER)).toBe(true);
    expect(body).toContain("## 🔴 SEV1 · Critical · Checkout API returns 500s");
    expect(body).not.toContain("DRILL");
  });

  it("shows status, commander, roles and the declaration without notifying anyone", () => {
    expect(body).toContain("| **Status** | 👀 monitoring |");
    expect(body).toContain("| **Commander** | @\u200bbob |");
    expect(body).toContain("comms: @\u200bcarol · tech-lead: _unassigned_");
    expect(body).toContain("| **Declared** | 2024-05-01 10:00 UTC by @\u200balice |");
    expect(body).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
  });

  it("shows the acknowledgement target met with MTTA, and the resolution target still pending", () => {
    expect(body).toContain(
      "| **Acknowledge** | ✅ met: acknowledged 2024-05-01 10:07 UTC · MTTA 7m (target 15m, due 2024-05-01 10:15 UTC) |",
    );
    expect(body).toContain("| **Mitigated** | 2024-05-01 10:40 UTC · MTTM 40m |");
    expect(body).toContain(
      "| **Resolve** | ⏳ pending: not resolved yet (target 1h, due 2024-05-01 11:00 UTC) |",
    );
    expect(body).toContain("| **Next update** | due 2024-05-01 11:10 UTC |");
  });

  it("lists the severity's checklist as task items", () => {
    for (const item of DEFAULT_CONFIG.severities.sev1?.checklist ?? [])
      expect(body).toContain(`- [ ] ${item}`);
  });

  it("quotes the latest status message with mentions defanged", () => {
    expect(body).toContain(
      "### Latest update\n\n@\u200bbob at 2024-05-01 10:40 UTC:\n\n> Rolled back by hand",
    );
    const identified = board(outage);
    expect(identified).toContain("> Bad deploy of api v1.4.3, cc @\u200bdave\n> Pool | exhausted");
  });

  it("shouts about the failed rollback above everything else", () => {
    const [marker, alert] = body.split("\n\n");
    expect(marker).toBe(BOARD_MARKER);
    expect(alert).toMatch(
      /^> \[!CAUTION\]\n> \*\*Rollback of `api` failed\*\* at 2024-05-01 10:39 UTC \(\[run\]\(https:\/\/github\.com\/acme\/shop\/actions\/runs\/502\)\)/,
    );
    expect(body).toContain(
      "- ⏪ **rollback** `api` to `v1.4.2` · 2024-05-01 10:35 UTC by @\u200bbob · ❌ failed · [run](https://github.com/acme/shop/actions/runs/502)",
    );
    expect(body).toContain("- 🩺 **diagnose** `api` · 2024-05-01 10:12 UTC by @\u200balice · ✅ succeeded");
  });

  it("stops shouting once a later rollback of that service succeeds", () => {
    const retried = board([
      ...mitigated,
      {
        type: "dispatch",
        at: t("10:41"),
        actor: "bob",
        command: "rollback",
        service: "api",
        workflow: "hotwash-rollback.yml",
        ref: "v1.4.1",
        runId: 503,
        runUrl: RUN(503),
      },
      {
        type: "run",
        at: t("10:44"),
        actor: "github-actions[bot]",
        runId: 503,
        workflow: "hotwash-rollback.yml",
        phase: "completed",
        conclusion: "success",
        url: RUN(503),
        durationMs: 1,
      },
    ]);
    expect(retried).not.toContain("[!CAUTION]");
  });

  it("shows the 5 latest entries, newest first, and the whole timeline folded away", () => {
    const latest = body.split("### Latest\n\n")[1]?.split("\n\n")[0] ?? "";
    const rows = latest.split("\n").slice(2);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain("Status → monitoring: Rolled back by hand");
    const full = body.split("<summary>Full timeline (11 entries)</summary>")[1]?.split("</details>")[0] ?? "";
    const fullRows = full.trim().split("\n").slice(2);
    expect(fullRows).toHaveLength(11);
    expect(fullRows[0]).toContain(
      "| 2024-05-01 09:55 | @\u200bcarol | First 500s in the dashboards (recorded later, 2024-05-01 10:30) |",
    );
    expect(fullRows[1]).toContain("Declared sev2 (High): Checkout API returns 500s");
    expect(full).toContain(
      "Status → identified: Bad deploy of api v1.4.3, cc @\u200bdave Pool \\| exhausted",
    );
  });

  it("says the status update is overdue once the cadence has passed", () => {
    const late = board(outage, { now: new Date(t("10:55")) });
    expect(late).toContain("| **Next update** | due 2024-05-01 10:50 UTC · ⚠️ **overdue**");
  });
});

describe("renderBoard: after resolution", () => {
  const body = board(resolved, { now: new Date(t("13:00")) });

  it("shows the resolution target breached with MTTR, and no next update", () => {
    expect(body).toContain(
      "| **Resolve** | ❌ **breached**: resolved 2024-05-01 11:10 UTC · MTTR 1h 10m (target 1h, due 2024-05-01 11:00 UTC) |",
    );
    expect(body).toContain("| **Status** | ✅ resolved |");
    expect(body).not.toContain("**Next update**");
    expect(body).not.toContain("[!CAUTION]");
  });

  it("tracks action items done/total with links", () => {
    expect(body).toContain("### Action items (1/2 done)");
    expect(body).toContain(
      "- ✅ Alert on pool saturation · @\u200bcarol · due 2024-05-10 · P1 · [#45](https://github.com/acme/shop/issues/45)",
    );
    expect(body).toContain(
      "- ⬜ Canary the api deploys · P2 · [#46](https://github.com/acme/shop/issues/46)",
    );
  });

  it("gives the post-mortem due time (resolved + 48h), then its pull request", () => {
    expect(body).toContain("Not started: due 2024-05-03 11:10 UTC. Run `/postmortem`");
    const opened = board([
      ...resolved,
      {
        type: "postmortem",
        at: t("12:30"),
        actor: "bob",
        pullNumber: 88,
        url: `${REPO}/pull/88`,
        path: "docs/postmortems/2024-05-01-42-checkout.md",
      },
    ]);
    expect(opened).toContain(
      "[#88](https://github.com/acme/shop/pull/88) · `docs/postmortems/2024-05-01-42-checkout.md` · due 2024-05-03 11:10 UTC",
    );
  });

  it("flags an overdue post-mortem and skips it for severities that do not need one", () => {
    expect(board(resolved, { now: new Date("2024-05-04T00:00:00Z") })).toContain("· ⚠️ **overdue**");
    const config: HotwashConfig = {
      ...DEFAULT_CONFIG,
      postmortem: { ...DEFAULT_CONFIG.postmortem, requiredFor: ["sev2"] },
    };
    expect(board(resolved, { config })).not.toContain("### Post-mortem");
  });
});

describe("renderBoard: drills, checklist ticks, config problems", () => {
  it("marks a drill loudly", () => {
    const drill = board([
      {
        ...outage[0]!,
        type: "declared",
        title: "Game day",
        severity: "sev3",
        drill: true,
        commander: "alice",
      } as IncidentEvent,
    ]);
    expect(drill).toContain("## 🟡 🧪 DRILL · SEV3 · Medium · Game day");
    expect(drill).toContain("> [!NOTE]\n> 🧪 **DRILL**");
  });

  it("keeps the checklist items a person ticked", () => {
    const before = board(mitigated).replace("- [ ] Status page updated", "- [x] Status page updated");
    const checked = readCheckedItems(before);
    expect(checked).toEqual(["Status page updated"]);
    const after = board(mitigated, { checked });
    expect(after).toContain("- [x] Status page updated");
    expect(after).toContain("- [ ] Stakeholders notified");
  });

  it("warns about configuration problems", () => {
    const body = board(mitigated, {
      configProblems: ['`severities.sev1.resolveWithin`: must be a duration like "15m"'],
    });
    expect(body).toContain("> [!WARNING]");
    expect(body).toContain('> - `severities.sev1.resolveWithin`: must be a duration like "15m"');
    expect(board(mitigated)).not.toContain("[!WARNING]");
  });
});

describe("board data", () => {
  const hostile: IncidentEvent[] = [
    ...mitigated,
    {
      type: "note",
      at: t("10:44"),
      actor: "mallory",
      source: 113,
      text: 'end it --> here <!-- and --!> <!-- hotwash:data {"v":1,"events":[],"processed":[]} -->',
    },
  ];

  it("round-trips through readBoardData, hostile text included", () => {
    const body = board(hostile);
    expect(readBoardData(body)).toEqual({
      ...emptyBoardData(),
      events: hostile,
      processed: [101, 102, 103, 104, 105, 106, 107, 108, 109, 113],
    });
  });

  it("cannot be closed or faked by user text", () => {
    const body = board(hostile);
    const hidden = body.slice(body.lastIndexOf("<!-- hotwash:data "));
    expect(hidden.indexOf("-->")).toBe(hidden.length - 3);
    expect(hidden.slice(4, -3)).not.toMatch(/[<>@]/);
    // The rendered note cannot open a comment that would hide the rest of the board.
    expect(visible(body)).not.toContain("<!-- hotwash:data");
    expect(visible(body).split("<!--")).toHaveLength(2); // only the board marker
  });

  it("keeps the 300 most recent processed comment ids", () => {
    const processed = Array.from({ length: 400 }, (_, i) => 1000 + i);
    const body = renderBoard({
      issueNumber: 42,
      state: foldIncident(mitigated),
      data: { ...emptyBoardData(), events: mitigated, processed },
      config: DEFAULT_CONFIG,
      now: new Date(t("10:45")),
      repoUrl: REPO,
    });
    expect(readBoardData(body)?.processed).toEqual(processed.slice(100));
  });

  it.each<[string, string]>([
    ["no marker", '<!-- hotwash:data {"v":1,"events":[],"processed":[]} -->'],
    ["no data block", `${BOARD_MARKER}\n\n## board`],
    ["broken JSON", `${BOARD_MARKER}\n\n<!-- hotwash:data {"v":1,"events":[ -->`],
    ["another version", `${BOARD_MARKER}\n\n<!-- hotwash:data {"v":3,"events":[],"processed":[]} -->`],
    [
      "version 2 without its sealed part",
      `${BOARD_MARKER}\n\n<!-- hotwash:data {"v":2,"events":[],"processed":[]} -->`,
    ],
    [
      "a wrong shape",
      `${BOARD_MARKER}\n\n<!-- hotwash:data {"v":1,"events":[{"type":"note"}],"processed":[]} -->`,
    ],
    [
      "ids that are not numbers",
      `${BOARD_MARKER}\n\n<!-- hotwash:data {"v":1,"events":[],"processed":["1"]} -->`,
    ],
  ])("readBoardData gives null for %s", (_name, body) => {
    expect(readBoardData(body)).toBeNull();
  });
});

describe("board size", () => {
  const note = (i: number): IncidentEvent => ({
    type: "note",
    at: new Date(Date.parse(t("10:00")) + i * 1000).toISOString(),
    actor: `responder${i % 7}`,
    source: 10_000 + i,
    text: `Observation ${i}: p99 latency on checkout is still elevated in eu-west, investigating the pool`,
  });

  it("stays under the budget with 3,000 events, shortening the full timeline", () => {
    const events = [outage[0]!, ...Array.from({ length: 3000 }, (_, i) => note(i))];
    const body = board(events);
    expect(body.length).toBeLessThan(BOARD_BUDGET);
    expect(body.startsWith(BOARD_MARKER)).toBe(true);
    expect(body).toMatch(/_… \d+ earlier entries not shown\._/);
    expect(body).toContain("Observation 2999"); // the newest survive
    // A log this big cannot be cached whole in one comment; it is left out rather than cut.
    expect(readBoardData(body)).toBeNull();
    expect(body).toContain("rebuilds it from the issue's comments");
  });

  it("shortens the timeline before touching the data", () => {
    const events = [outage[0]!, ...Array.from({ length: 250 }, (_, i) => note(i))];
    const body = board(events);
    expect(body.length).toBeLessThan(BOARD_BUDGET);
    expect(body).toMatch(/_… \d+ earlier entries not shown\._/);
    expect(readBoardData(body)?.events).toEqual(events);
    expect(readBoardData(body)?.processed).toHaveLength(251);
  });

  it("drops the oldest processed ids when the data alone is too big", () => {
    const processed = Array.from({ length: 300 }, (_, i) => 3_000_000_000 + i);
    const render = (padding: number) => {
      const events = [outage[0]!, { ...note(0), text: "x".repeat(padding) }];
      return renderBoard({
        issueNumber: 42,
        state: foldIncident(events),
        data: { ...emptyBoardData(), events, processed },
        config: DEFAULT_CONFIG,
        now: new Date(t("10:45")),
        repoUrl: REPO,
      });
    };
    // Find a note size where the data fits only without some of the ids.
    let [low, high] = [0, BOARD_BUDGET];
    let kept: number[] | undefined;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      kept = readBoardData(render(mid))?.processed;
      if (kept && kept.length === 300) low = mid + 1;
      else if (!kept || kept.length === 0) high = mid;
      else break;
    }
    expect(kept?.length).toBeGreaterThan(0);
    expect(kept?.length).toBeLessThan(300);
    expect(kept).toEqual(processed.slice(-(kept?.length ?? 0)));
  });
});
