import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { readBoardData, renderBoard } from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import {
  boardState,
  chainPages,
  emptyBoardData,
  joinPages,
  planSeal,
  readLogPage,
  renderLogPage,
  withSealedPage,
  type BoardData,
  type LogPage,
} from "../../src/core/incident/log.js";
import { labelChanges, reconcileIssue } from "../../src/core/incident/reconcile.js";
import { compactState, foldIncident } from "../../src/core/incident/state.js";

const REPO = "https://github.com/acme/shop";
const GITHUB_LIMIT = 65_536;
const T0 = Date.parse("2026-11-23T10:00:00Z");
const at = (i: number) => new Date(T0 + i * 20_000).toISOString();

/** Entry `i` of a busy incident: notes, status updates, backdated entries, diagnostics and their runs. */
function entries(i: number): IncidentEvent[] {
  const base = { at: at(i), actor: ["bob", "carol", "alice"][i % 3] ?? "bob", source: 10_000 + i };
  const text = `entry ${i}: p99 still 2.3s in eu-west <!-- x --> waiting on @alice `
    .repeat(4)
    .slice(0, 80 + ((i * 37) % 121));
  switch (i % 10) {
    case 5:
      return [{ ...base, type: "status", status: "identified", message: text }];
    case 7:
      return [{ ...base, type: "backdated", at: at(i - 5), text, recordedAt: at(i) }];
    case 9: {
      const url = `${REPO}/actions/runs/${i}`;
      const run = {
        at: at(i),
        actor: "github-actions[bot]",
        runId: i,
        workflow: "hotwash-diagnose.yml",
        url,
      };
      return [
        {
          ...base,
          type: "dispatch",
          command: i % 20 === 9 ? "rollback" : "diagnose",
          service: "api",
          workflow: "hotwash-diagnose.yml",
          ref: null,
          runId: i,
          runUrl: url,
        },
        { ...run, type: "run", phase: "requested", conclusion: null, durationMs: null },
        {
          ...run,
          type: "run",
          phase: "completed",
          conclusion: i % 40 === 9 ? "failure" : "success",
          durationMs: 60_000,
        },
      ];
    }
    default:
      return [{ ...base, type: "note", text }];
  }
}

const DECLARED: IncidentEvent = {
  type: "declared",
  at: at(0),
  actor: "bob",
  source: 9_999,
  title: "Checkout API returns 500s",
  severity: "sev1",
  drill: false,
  commander: "bob",
};

function busyLog(n: number): IncidentEvent[] {
  return [DECLARED, ...Array.from({ length: n }, (_, i) => entries(i + 1)).flat()];
}

function render(data: BoardData): string {
  return renderBoard({
    issueNumber: 42,
    state: boardState(data),
    data,
    config: DEFAULT_CONFIG,
    now: new Date(at(4000)),
    repoUrl: REPO,
  });
}

/** Append entries one command at a time, sealing as a handler does; pages get ids 1, 2, … */
function grow(events: IncidentEvent[]): { data: BoardData; pages: LogPage[]; largestBoard: number } {
  let data = emptyBoardData();
  const pages: LogPage[] = [];
  let largestBoard = 0;
  let i = 0;
  while (i < events.length) {
    const source = events[i]?.source;
    const batch: IncidentEvent[] = [];
    // A command's entries arrive together (a /diagnose's runs come later, from webhooks).
    do batch.push(events[i++] as IncidentEvent);
    while (i < events.length && source !== undefined && events[i]?.source === source);
    data = {
      ...data,
      events: [...data.events, ...batch],
      processed: [...data.processed, ...(source ? [source] : [])].slice(-300),
    };
    for (let page = planSeal(data); page; page = planSeal(data)) {
      pages.push(page);
      data = withSealedPage(data, page, pages.length);
    }
    if (i % 25 === 0 || i === events.length) {
      const body = render(data);
      largestBoard = Math.max(largestBoard, body.length);
      expect(readBoardData(body)).toEqual(data);
    }
  }
  return { data, pages, largestBoard };
}

describe("the log in sealed pages", () => {
  it("continues a fold from a state: the sealed part's state plus the tail is the fold of everything", () => {
    const log = busyLog(300);
    const whole = foldIncident(log);
    for (const cut of [0, 1, 17, 150, log.length - 1, log.length]) {
      expect(foldIncident(log.slice(cut), foldIncident(log.slice(0, cut)))).toEqual(whole);
    }
  });

  it("keeps the board under GitHub's limit, and readable, with 3,000 long entries", () => {
    const log = busyLog(3000);
    const { data, pages, largestBoard } = grow(log);
    expect(largestBoard).toBeLessThan(GITHUB_LIMIT);
    expect(pages.length).toBeGreaterThan(10);
    // Nothing is lost: pages then tail are the log, in order.
    const joined = joinPages(data.sealed.pages, pages);
    expect(joined.missing).toEqual([]);
    expect([...joined.events, ...data.events]).toEqual(log);
    // The board's state (sealed part compacted) agrees with the fold of everything.
    expect(compactState(boardState(data))).toEqual(compactState(foldIncident(log)));
    expect(boardState(data).logLength).toBe(log.length);
    expect(boardState(data).dispatchCount).toBe(foldIncident(log).dispatchCount);
  });

  it("renders the same board head from the compacted state as from the whole fold", () => {
    const log = busyLog(1200);
    const { data } = grow(log);
    const head = (body: string) => body.split("<details>")[0];
    const whole = renderBoard({
      issueNumber: 42,
      state: foldIncident(log),
      data,
      config: DEFAULT_CONFIG,
      now: new Date(at(4000)),
      repoUrl: REPO,
    });
    expect(head(render(data))).toEqual(head(whole));
    expect(render(data)).toContain("earlier runs not shown");
  });

  it("never splits one comment's entries across a seal", () => {
    const { data, pages } = grow(busyLog(600));
    const pieces = [...pages.map((p) => p.events), data.events];
    for (let i = 1; i < pieces.length; i++) {
      const last = pieces[i - 1]?.at(-1)?.source;
      const first = pieces[i]?.[0]?.source;
      if (last !== undefined) expect(first).not.toBe(last);
    }
    // Each page names the comments it holds, so a rebuild does not replay them.
    for (const page of pages) {
      for (const e of page.events) if (e.source !== undefined) expect(page.processed).toContain(e.source);
    }
  });

  it("writes pages people cannot break out of, and rejects an edited page", () => {
    const { pages } = grow(busyLog(200));
    const page = pages[0] as LogPage;
    const body = renderLogPage(page, 1);
    expect(body.startsWith("<!-- hotwash:log -->")).toBe(true);
    expect(body.length).toBeLessThan(GITHUB_LIMIT);
    expect(readLogPage(body)).toEqual(page);
    const hidden = body.slice(body.indexOf("<!-- hotwash:data "));
    expect(hidden.indexOf("-->")).toBe(hidden.length - 3);
    expect(body).not.toMatch(/@alice|<!-- x/);
    expect(readLogPage(body.replace("entry 1:", "entry 1 (edited):"))).toBeNull();
    expect(readLogPage(body.replace("<!-- hotwash:log -->", ""))).toBeNull();
  });

  it("without a board, follows the pages from the first entry, taking a re-sealed page over a lost one", () => {
    const { pages } = grow(busyLog(400));
    const [p1, p2, p3] = pages as [LogPage, LogPage, LogPage];
    const orphan: LogPage = { ...p2, events: p2.events.slice(0, 3) };
    const found = [
      { id: 10, page: p1 },
      { id: 20, page: orphan }, // sealed, but the board write that named it was lost
      { id: 30, page: p2 },
      { id: 40, page: p3 },
    ];
    expect(chainPages(found).map((f) => f.id)).toEqual([10, 30, 40]);
    expect(chainPages(found.filter((f) => f.id !== 10))).toEqual([]);
  });

  it("reads a board written before pages existed as an unsealed log", () => {
    const events = busyLog(5);
    const body = `<!-- hotwash:board -->\n\n## board\n\n<!-- hotwash:data ${JSON.stringify({ v: 1, events, processed: [1, 2] }).replace(/[<>@]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)} -->`;
    expect(readBoardData(body)).toEqual({ ...emptyBoardData(), events, processed: [1, 2] });
  });
});

describe("labels Hotwash owns", () => {
  const state = foldIncident([
    DECLARED,
    { type: "severity", at: at(1), actor: "bob", from: "sev1", to: "sev2" },
  ]);

  it("adds and removes only its own labels", () => {
    const current = ["incident", "sev1", "customer-impact", "status:investigating", "Backend"];
    expect(labelChanges(state, DEFAULT_CONFIG, current)).toEqual({ add: ["sev2"], remove: ["sev1"] });
    expect(labelChanges(state, DEFAULT_CONFIG, ["INCIDENT", "SEV2", "status:investigating"])).toEqual({
      add: [],
      remove: [],
    });
  });

  it("unassigns earlier commanders from the state, with the log sealed away", () => {
    const moved = foldIncident(
      [{ type: "commander", at: at(2), actor: "bob", user: "carol" }],
      compactState(state),
    );
    expect(
      reconcileIssue(moved, DEFAULT_CONFIG, {
        labels: ["incident", "sev2", "status:investigating"],
        assignees: ["bob", "dave"],
      }),
    ).toEqual({
      addLabels: [],
      removeLabels: [],
      assignees: ["carol", "dave"],
    });
  });
});

describe("reminder keys in the sealed state", () => {
  it("keep the acknowledgement and post-mortem windows however many status-update windows passed", () => {
    const reminders: IncidentEvent[] = [
      {
        type: "reminder",
        at: at(1),
        actor: "hotwash[bot]",
        key: "ack:2026-11-23T10:15:00.000Z",
        text: "ack",
      },
      ...Array.from({ length: 150 }, (_, i): IncidentEvent => ({
        type: "reminder",
        at: at(i + 2),
        actor: "hotwash[bot]",
        key: `update:${at(i + 2)}`,
        text: "update",
      })),
    ];
    const compact = compactState(foldIncident(reminders));
    expect(compact.reminders).toContain("ack:2026-11-23T10:15:00.000Z");
    expect(compact.reminders).toContain(`update:${at(151)}`);
    expect(compact.reminders.length).toBeLessThanOrEqual(2);
  });
});
