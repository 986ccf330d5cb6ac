/**
 * Only Hotwash's own board is trusted: a comment another bot wrote is never the board (nor a log
 * page) and is never edited; hidden data anyone else changed is ignored and the board rewritten;
 * a person may tick the checklist and nothing else takes effect.
 */
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { encodeData, renderLogPage, type BoardData } from "../../src/core/incident/log.js";
import { emptyState } from "../../src/core/incident/state.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { testOctokit } from "../support/octokit.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO, type World } from "./harness.js";

const MARKER = "<!-- hotwash:board -->";
const DATA = "<!-- hotwash:data ";
const OTHER_BOT = "deploy-bot[bot]";

function boardComment(w: World, issue: number) {
  const board = w.sim
    .comments(REPO, issue)
    .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith(MARKER));
  if (!board) throw new Error(`no board on #${issue}`);
  return { id: board.id, body: board.body ?? "" };
}

/** The body with its hidden data replaced, as a person with write access can edit it. */
function withData(body: string, data: object): string {
  return `${body.slice(0, body.lastIndexOf(DATA))}${encodeData(data)}`;
}

/** A new comment delivered as one run of another face (deps made by `deps`) than the harness's. */
async function commentWith(w: World, deps: () => ServiceDeps, issue: number, login: string, body: string) {
  const comment = w.sim.createComment(REPO, issue, body, login);
  const payload = hooks.issueCommentCreated({
    issue: w.sim.issue(REPO, issue),
    comment,
    sender: w.sim.user(login),
  });
  return routeEvent(deps(), "issue_comment", payload as unknown as WebhookPayload);
}

/** The Action without `signing-key`: who it is comes from its token, and the board's last editor is checked. */
function unkeyedDeps(w: World): () => ServiceDeps {
  return () => ({
    port: createOctokitPort(testOctokit(), { owner: "acme", repo: "shop" }),
    now: () => w.clock.now,
    repoUrl: "https://github.com/acme/shop",
  });
}

/** Requests one `/note` costs, and how many of them are GraphQL. */
async function noteCost(w: World, deps: () => ServiceDeps, issue: number) {
  w.tick(1);
  const before = w.sim.requests.length;
  expect((await commentWith(w, deps, issue, "carol", "/note cost")).kind).toBe("done");
  const made = w.sim.requests.slice(before);
  return { all: made.length, graphql: made.filter((r) => r.route === "/graphql").length };
}

/**
 * What a person with write access can put into the hidden data: a severity, an assignee, a
 * mention and HTML in a note, the next comments' ids marked as handled (they would never run);
 * with `invalid`, also entries no schema allows (a status that would become a label, a team as a role holder).
 */
function forged(data: BoardData, at: string, nextId: number, invalid = false): BoardData {
  return {
    ...data,
    events: [
      ...data.events,
      { type: "severity", from: "sev2", to: "sev1", at, actor: "bob" },
      { type: "commander", user: "dave", at, actor: "bob" },
      { type: "note", text: "@acme/sre <img src=x onerror=alert(1)> pwned", at, actor: "bob" },
      ...(invalid
        ? [
            { type: "status" as const, status: "pwned" as never, message: null, at, actor: "bob" },
            { type: "role" as const, role: "comms", user: "acme/sre", at, actor: "bob" },
          ]
        : []),
    ],
    processed: [...data.processed, ...Array.from({ length: 100 }, (_, i) => nextId + i)],
  };
}

/** A person ticks a checklist item on the board (the one edit that counts). */
function tick(w: World, issue: number, item: string): void {
  const board = boardComment(w, issue);
  expect(board.body).toContain(`- [ ] ${item}`);
  w.sim.editComment(REPO, board.id, board.body.replace(`- [ ] ${item}`, `- [x] ${item}`), "carol");
}

function expectUntouchedBy(w: World, issue: number) {
  const labels = w.labels(issue);
  expect(labels).toContain("sev2");
  expect(labels).not.toContain("sev1");
  expect(labels).not.toContain("status:pwned");
  expect(w.assignees(issue)).toEqual(["bob"]);
  const board = w.board(issue);
  expect(board).not.toContain("<img");
  expect(board).not.toContain("acme/sre");
  expect(board).not.toContain("pwned");
  const data = readBoardData(board);
  expect(data).not.toBeNull();
  expect(JSON.stringify(data)).not.toContain("dave");
}

/** What a forger plants: a sev1 declared by alice with dave in command. */
function forgedDeclaration(at: string): IncidentEvent {
  return {
    type: "declared",
    at,
    actor: "alice",
    title: "x",
    severity: "sev1",
    drill: false,
    commander: "dave",
  };
}

describe("only Hotwash's own board is trusted", () => {
  it("never takes another bot's comment with the board marker for the board, and never edits it", async () => {
    const w = createWorld();
    w.sim.addBot(OTHER_BOT);
    const issue = w.openIssue("Checkout errors").number;
    const at = w.clock.now.toISOString();
    const fake = `${MARKER}\n\n## 🔴 SEV1 · taken over\n\n${encodeData({
      v: 2,
      sealed: { state: emptyState(), count: 0, pages: [] },
      events: [forgedDeclaration(at)],
      processed: [],
    })}`;
    const planted = w.sim.createComment(REPO, issue, fake, OTHER_BOT);

    expect((await w.comment(issue, "bob", "/incident sev2 Checkout errors")).kind).toBe("done");
    expect(w.sim.comment(REPO, planted.id).body).toBe(fake);
    expect(w.assignees(issue)).toEqual(["bob"]);
    expect(w.labels(issue)).toContain("sev2");
    expect(w.labels(issue)).not.toContain("sev1");
    expect(readBoardData(w.board(issue))?.events[0]).toMatchObject({ type: "declared", actor: "bob" });
  });

  it("rebuilds a lost board from Hotwash's own log pages only, not from pages another bot posts", async () => {
    const w = createWorld();
    w.sim.addBot(OTHER_BOT);
    const issue = w.openIssue("Checkout errors").number;
    const declared = await w.comment(issue, "bob", "/incident sev2 Checkout errors");
    w.sim.deleteComment(REPO, boardComment(w, issue).id);
    const at = w.clock.now.toISOString();
    // A page that claims the log's first entries and that bob's declaration is already in it.
    const page = renderLogPage(
      {
        from: 0,
        events: [{ ...forgedDeclaration(at), source: declared.commentId }],
        processed: [declared.commentId],
      },
      1,
    );
    w.sim.createComment(REPO, issue, page, OTHER_BOT);

    expect((await w.comment(issue, "carol", "/note still failing")).kind).toBe("done");
    expect(w.labels(issue)).toContain("sev2");
    expect(w.labels(issue)).not.toContain("sev1");
    expect(w.assignees(issue)).toEqual(["bob"]);
  });

  for (const invalid of [false, true]) {
    it(`ignores hidden data a person edited (${invalid ? "entries no schema allows" : "well-formed entries"}): the state stays what the commands made it, and the board is rewritten`, async () => {
      const w = createWorld();
      const issue = w.openIssue("Checkout errors").number;
      await w.comment(issue, "bob", "/incident sev2 Checkout errors");
      const board = boardComment(w, issue);
      const data = readBoardData(board.body)!;
      const tampered = withData(board.body, forged(data, w.clock.now.toISOString(), board.id + 1, invalid));
      w.sim.editComment(REPO, board.id, tampered, "alice");

      const note = await w.comment(issue, "carol", "/note after the edit");
      expect(note.kind).toBe("done");
      expectUntouchedBy(w, issue);
      expect(w.board(issue)).toContain("after the edit");
      expect(w.board(issue)).not.toBe(tampered);
    });
  }

  it("ignores a data block copied from another incident's board (signed for that one)", async () => {
    const w = createWorld();
    const first = w.openIssue("Checkout errors").number;
    await w.comment(first, "bob", "/incident sev1 Checkout errors");
    await w.comment(first, "bob", "/ic @alice");
    const second = w.openIssue("Search slow").number;
    await w.comment(second, "bob", "/incident sev2 Search slow");
    const board = boardComment(w, second);
    // The first incident's genuine block, signed for the first incident.
    const copied = w.board(first).slice(w.board(first).lastIndexOf(DATA));
    w.sim.editComment(
      REPO,
      board.id,
      `${board.body.slice(0, board.body.lastIndexOf(DATA))}${copied}`,
      "alice",
    );

    expect((await w.comment(second, "carol", "/note copied")).kind).toBe("done");
    expect(w.labels(second)).toContain("sev2");
    expect(w.labels(second)).not.toContain("sev1");
    expect(w.assignees(second)).toEqual(["bob"]);
  });

  it("keeps a ticked checklist item, and ticking costs no rebuild", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev1 Checkout errors");
    tick(w, issue, "Status page updated");

    const before = w.sim.requests.length;
    expect((await w.comment(issue, "carol", "/status identified bad deploy")).kind).toBe("done");
    const routes = w.sim.requests.slice(before).map((r) => `${r.method} ${r.route}`);
    expect(routes).not.toContain("GET /repos/{owner}/{repo}/issues/{issue_number}/comments");
    expect(w.board(issue)).toContain("- [x] Status page updated");
    expect(w.board(issue)).toContain("identified");
  });
});

describe("without a signing key (the Action's default)", () => {
  it("tells a person's edit from Hotwash's by the board's last editor, at two more requests a run", async () => {
    const w = createWorld();
    const deps = unkeyedDeps(w);
    const issue = w.openIssue("Checkout errors").number;
    expect((await commentWith(w, deps, issue, "bob", "/incident sev2 Checkout errors")).kind).toBe("done");
    await noteCost(w, deps, issue);

    // A run that knows its login and holds a key (the App) checks an unsigned board's editor once,
    // signs it, and from then on reads nothing by GraphQL for a /note.
    expect((await noteCost(w, w.deps, issue)).graphql).toBe(1);
    const keyed = await noteCost(w, w.deps, issue);
    expect(keyed.graphql).toBe(0);
    // Without them: who the token is, the board's last editor (read with its body), and the
    // read-back after the write, by GraphQL instead of REST so that it carries the editor too.
    const unkeyed = await noteCost(w, deps, issue);
    expect(unkeyed.graphql).toBe(3);
    expect(unkeyed.all).toBe(keyed.all + 2);

    const board = boardComment(w, issue);
    const tampered = withData(
      board.body,
      forged(readBoardData(board.body)!, w.clock.now.toISOString(), board.id + 1),
    );
    w.sim.editComment(REPO, board.id, tampered, "alice");
    w.tick(1);
    expect((await commentWith(w, deps, issue, "carol", "/note after the edit")).kind).toBe("done");
    expectUntouchedBy(w, issue);
    expect(w.board(issue)).toContain("after the edit");
  });

  it("still keeps a ticked checklist item (the log is rebuilt from the comments)", async () => {
    const w = createWorld();
    const deps = unkeyedDeps(w);
    const issue = w.openIssue("Checkout errors").number;
    await commentWith(w, deps, issue, "bob", "/incident sev1 Checkout errors");
    tick(w, issue, "Status page updated");
    w.tick(1);
    expect((await commentWith(w, deps, issue, "carol", "/status identified bad deploy")).kind).toBe("done");
    expect(w.board(issue)).toContain("- [x] Status page updated");
    expect(w.labels(issue)).toEqual(expect.arrayContaining(["sev1", "status:identified"]));
    expect(w.assignees(issue)).toEqual(["bob"]);
  });
});

describe("the Action with `signing-key`", () => {
  it("ignores data another workflow wrote as the same bot: only the signature vouches for it", async () => {
    const w = createWorld();
    const deps = (): ServiceDeps => ({
      ...unkeyedDeps(w)(),
      trust: { signingKey: "workflow-secret", requireSignature: true },
    });
    const issue = w.openIssue("Checkout errors").number;
    await commentWith(w, deps, issue, "bob", "/incident sev2 Checkout errors");
    const board = boardComment(w, issue);
    const tampered = withData(
      board.body,
      forged(readBoardData(board.body)!, w.clock.now.toISOString(), board.id + 1),
    );
    // Any workflow's GITHUB_TOKEN writes as the same login Hotwash does.
    w.sim.editComment(REPO, board.id, tampered, w.sim.botLogin);
    w.tick(1);
    expect((await commentWith(w, deps, issue, "carol", "/note after the edit")).kind).toBe("done");
    expectUntouchedBy(w, issue);
  });
});
