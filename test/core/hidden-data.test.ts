/**
 * The hidden data is validated strictly (one schema per entry type) and every field the board
 * shows is escaped and defanged: nothing in the data becomes a live mention, raw HTML, a label
 * Hotwash does not own, or a comment id that swallows later commands.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { readBoardData, renderBoard } from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import {
  emptyBoardData,
  encodeData,
  readLogPage,
  readSignedBoardBlock,
  renderLogPage,
  type BoardData,
} from "../../src/core/incident/log.js";
import { foldIncident, type IncidentState } from "../../src/core/incident/state.js";

const AT = "2026-11-23T10:00:00Z";
const declared: IncidentEvent = {
  type: "declared",
  at: AT,
  actor: "bob",
  source: 11,
  title: "Checkout down",
  severity: "sev2",
  drill: false,
  commander: "bob",
};

const board = (data: object) => `<!-- hotwash:board -->\n\n## board\n\n${encodeData(data)}`;
const withEvent = (event: object): object => ({ ...emptyBoardData(), events: [declared, event] });

describe("the board's hidden data is checked strictly, entry by entry", () => {
  const hostile: [string, object][] = [
    [
      "a status Hotwash does not have (a label it would add)",
      { type: "status", at: AT, actor: "bob", status: "pwned", message: null },
    ],
    [
      "a team where a login belongs (a live mention)",
      { type: "commander", at: AT, actor: "bob", user: "acme/sre" },
    ],
    [
      "markup where a login belongs",
      { type: "role", at: AT, actor: "bob", role: "comms", user: "<img src=x>" },
    ],
    [
      "a role that is no role name",
      { type: "role", at: AT, actor: "bob", role: "constructor<b>", user: "carol" },
    ],
    ["an entry type that does not exist", { type: "grant-admin", at: AT, actor: "bob" }],
    [
      "a field the entry type does not have",
      { type: "note", at: AT, actor: "bob", text: "x", assignees: ["dave"] },
    ],
    [
      "a severity that is no severity key",
      { type: "severity", at: AT, actor: "bob", from: null, to: "SEV1 <b>" },
    ],
    [
      "a run link that is not a web address",
      {
        type: "run",
        at: AT,
        actor: "bob",
        runId: 1,
        workflow: "w.yml",
        phase: "completed",
        conclusion: "success",
        url: "javascript:alert(1)",
        durationMs: null,
      },
    ],
    ["a time that is not a time", { type: "note", at: "yesterday", actor: "bob", text: "x" }],
    ["a text longer than any comment", { type: "note", at: AT, actor: "bob", text: "x".repeat(70_000) }],
  ];
  for (const [what, event] of hostile) {
    it(`refuses ${what}`, () => {
      expect(readBoardData(board(withEvent(event)))).toBeNull();
    });
  }

  it("accepts the entries Hotwash writes", () => {
    const note = { type: "note", at: AT, actor: "carol", source: 12, text: "@alice <b>look</b>" };
    expect(readBoardData(board(withEvent(note)))?.events).toHaveLength(2);
  });

  it("refuses a sealed state with a role named like Object's members or a status it does not have", () => {
    const state = { ...foldIncident([declared]), roles: { constructor: "carol" } };
    const sealed = (s: object) => ({ ...emptyBoardData(), sealed: { state: s, count: 1, pages: [] } });
    expect(
      readBoardData(board(sealed({ ...foldIncident([declared]), roles: { comms: "carol" } }))),
    ).not.toBeNull();
    expect(readBoardData(board(sealed({ ...state, roles: { "__proto__<x>": "carol" } })))).toBeNull();
    expect(readBoardData(board(sealed({ ...foldIncident([declared]), status: "pwned" })))).toBeNull();
  });

  it("refuses more processed comment ids than Hotwash keeps", () => {
    const ids = Array.from({ length: 301 }, (_, i) => 1000 + i);
    expect(readBoardData(board({ ...emptyBoardData(), events: [declared], processed: ids }))).toBeNull();
  });

  it("refuses a log page that vouches for comments newer than its entries", () => {
    const page = { from: 0, events: [declared], processed: [11] };
    expect(readLogPage(renderLogPage(page, 1))).not.toBeNull();
    expect(readLogPage(renderLogPage({ ...page, processed: [11, 99] }, 1))).toBeNull();
  });
});

describe("signatures", () => {
  it("cover exactly the JSON written, without the signature itself", () => {
    const signed: string[] = [];
    const sign = (payload: string) => {
      signed.push(payload);
      return "sig-" + payload.length;
    };
    const data: BoardData = { ...emptyBoardData(), events: [declared], processed: [11] };
    const block = readSignedBoardBlock(`<!-- hotwash:board -->\n\n${encodeData(data, sign)}`);
    expect(block?.signature).toBe(`sig-${signed[0]?.length}`);
    expect(block?.payload).toBe(signed[0]);
    expect(block?.payload).toBe(JSON.stringify(data));
  });
});

describe("every field the board shows is escaped and defanged", () => {
  it("shows no markup and pings nobody, whatever the state holds", () => {
    const state: IncidentState = {
      ...foldIncident([declared]),
      severity: "sev2",
      roles: { "<img src=x onerror=alert(1)>": "acme/sre" },
      dispatches: [
        {
          command: "rollback",
          service: "api`<img src=x>`@acme/sre",
          workflow: "w.yml",
          ref: "v1`<script>`",
          actor: "bob",
          at: AT,
          runId: 1,
          runUrl: null,
          conclusion: "failure",
          completedAt: AT,
        },
      ],
      postmortem: {
        pullNumber: 5,
        url: "https://github.com/acme/shop/pull/5",
        path: "docs/`<img src=y>`.md",
      },
      suspects: {
        windowStart: AT,
        deployments: [
          {
            service: "api",
            environment: "prod`<b>`",
            ref: "main",
            sha: "<img src=z>",
            at: AT,
            creator: "acme/sre",
            state: null,
          },
        ],
        pulls: [],
      },
    };
    const body = renderBoard({
      issueNumber: 1,
      state,
      data: emptyBoardData(),
      config: DEFAULT_CONFIG,
      now: new Date(AT),
      repoUrl: "https://github.com/acme/shop",
    });
    // Code spans show their text literally (no markup, no mentions), and nothing can close one early.
    const visible = body.slice(0, body.indexOf("<!-- hotwash:data ")).replace(/`[^`\n]*`/g, "");
    expect(visible).not.toMatch(/<(img|script|b)\b/);
    expect(visible).not.toMatch(/(^|[^\w\u200b])@acme\/sre/m);
  });
});
