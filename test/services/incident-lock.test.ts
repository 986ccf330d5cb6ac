/** One incident's events one at a time: which lock each event takes, and what a lost lock does. */
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { KeyedQueue } from "../../src/services/keyed-queue.js";
import { LockBusyError, type Lease, type Locks } from "../../src/services/locks.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO, type World } from "./harness.js";

/** The process's queue, recording every key asked for. */
function recording(): Locks & { keys: string[] } {
  const queue = new KeyedQueue();
  const keys: string[] = [];
  return {
    keys,
    withLock: (key, fn) => (keys.push(key), queue.withLock(key, fn)),
    tryLock: (key, ttl, fn) => (keys.push(key), queue.tryLock(key, ttl, fn)),
  };
}

/** Locks whose holders learn, from the start, that someone else has the lock now. */
const lost: Locks = {
  withLock: (_key, fn) => fn({ stillHeld: () => false } satisfies Lease),
  tryLock: (_key, _ttl, fn) => fn({ stillHeld: () => false }),
};

async function comment(w: World, issue: number, login: string, body: string, locks: Locks) {
  const posted = w.sim.createComment(REPO, issue, body, login);
  const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment: posted });
  const outcome = await routeEvent(
    { ...w.deps(), locks },
    "issue_comment",
    payload as unknown as WebhookPayload,
  );
  return { outcome, id: posted.id };
}

const boardEntries = (w: World, issue: number) => readBoardData(w.board(issue))?.events ?? [];

describe("the incident's lock", () => {
  it("is taken by a command, keyed by repository and issue", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    const locks = recording();
    await comment(w, issue, "bob", "/incident sev2", locks);
    expect(locks.keys).toEqual([`${REPO}#${issue}`]);
  });

  it("is not taken for comments without a command or for Hotwash's own label changes", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    const locks = recording();
    await comment(w, issue, "carol", "Looking at the dashboards", locks);
    const echo = hooks.issuesLabeled({
      issue: w.sim.issue(REPO, issue),
      label: "sev2",
      sender: w.sim.user(w.sim.botLogin),
    });
    await routeEvent({ ...w.deps(), locks }, "issues", echo as unknown as WebhookPayload);
    expect(locks.keys).toEqual([]);
  });

  it("covers the action item and its incident when an item is closed, lower number first", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    await w.comment(issue, "bob", "/action Add connection-pool alerts @carol");
    const item = w.sim
      .issues(REPO)
      .find((i) => i.labels.some((l) => typeof l !== "string" && l.name === "action-item"));
    const closed = w.sim.closeIssue(REPO, item!.number, "carol");
    const locks = recording();
    const out = await routeEvent(
      { ...w.deps(), locks },
      "issues",
      hooks.issuesClosed({ issue: closed, sender: w.sim.user("carol") }) as unknown as WebhookPayload,
    );
    expect(out).toMatchObject({ kind: "done" });
    expect(locks.keys).toEqual([`${REPO}#${issue}`, `${REPO}#${item!.number}`]);
  });

  it("is taken for a workflow run and a merged post-mortem, by the incident they name", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    const locks = recording();
    const deps = { ...w.deps(), locks };
    const run = w.sim.createRun(REPO, {
      workflow: "hotwash-diagnose.yml",
      displayTitle: `Hotwash diagnose api for incident #${issue}`,
    });
    await routeEvent(
      deps,
      "workflow_run",
      hooks.workflowRunEvent("completed", run) as unknown as WebhookPayload,
    );
    w.sim.createBranch(REPO, `hotwash/postmortem-${issue}`);
    w.sim.pushCommit(REPO, { branch: `hotwash/postmortem-${issue}`, files: { "pm.md": "x" }, as: "bob" });
    const pull = w.sim.createPull(REPO, { head: `hotwash/postmortem-${issue}`, title: "Post-mortem" });
    await routeEvent(deps, "pull_request", hooks.pullRequestClosed(pull, false) as unknown as WebhookPayload);
    expect(locks.keys).toEqual([`${REPO}#${issue}`, `${REPO}#${issue}`]);
  });

  it("refuses to write the board once the lock was lost, and says so", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    const before = w.board(issue);
    const { outcome, id } = await comment(w, issue, "bob", "/sev1", lost);
    expect(outcome).toMatchObject({ kind: "failed" });
    expect(w.board(issue)).toBe(before);
    expect(w.labels(issue)).toContain("sev2");
    expect(w.reactions(id)).toEqual(["eyes", "confused"]);
    expect(w.replies(issue).at(-1)).toMatch(/lost its lock on this incident.*post the command again/is);
  });

  it("answers a command that waited too long for the lock: nothing changed, post it again", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    const busy: Locks = {
      withLock: () => Promise.reject(new LockBusyError(120_000)),
      tryLock: () => Promise.resolve(null),
    };
    const { outcome, id } = await comment(w, issue, "carol", "/note pool exhausted", busy);
    expect(outcome).toMatchObject({ kind: "failed" });
    expect(w.reactions(id)).toEqual(["confused"]);
    expect(w.replies(issue).at(-1)).toMatch(
      /waited 2 minutes.*Nothing was changed.*post the command again/is,
    );
    expect(boardEntries(w, issue).map((e) => e.type)).not.toContain("note");
  });
});

describe("one incident's commands in one process, with no locks configured", () => {
  it("are handled one at a time: each reads the board the last one wrote", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev3");
    w.sim.clearRequests();
    const notes = Array.from({ length: 10 }, (_, i) => `/note observation ${i}`);
    await Promise.all([w.comment(issue, "bob", "/sev1"), ...notes.map((n) => w.comment(issue, "carol", n))]);
    expect(boardEntries(w, issue).filter((e) => e.type === "note")).toHaveLength(10);
    expect(w.labels(issue)).toEqual(["incident", "sev1", "status:investigating"]);
    // One board write each: nobody had to merge a concurrent writer's board.
    expect(
      w.sim.requestCount({ method: "PATCH", route: "/repos/{owner}/{repo}/issues/comments/{comment_id}" }),
    ).toBe(11);
  });
});

describe("without Redis, two processes on one incident", () => {
  it("still converge through the board's read-back-and-merge", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    // Each process has its own queue: nothing serializes them.
    const [one, two] = [new KeyedQueue(), new KeyedQueue()];
    await Promise.all([
      comment(w, issue, "carol", "/note first responder on it", one),
      comment(w, issue, "bob", "/sev1", two),
    ]);
    expect(boardEntries(w, issue).map((e) => e.type)).toEqual(expect.arrayContaining(["note", "severity"]));
    expect(w.labels(issue)).toContain("sev1");
  });
});
