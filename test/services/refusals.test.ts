/**
 * A declaration counts only when it was authorized, by whichever path: a refused form or label is
 * not declared later by a rebuild, a `/note` or the reminder sweep; a rebuild re-checks what the
 * live path checked (permission, assignability) and honours the refusals Hotwash recorded.
 */
import { describe, expect, it } from "vitest";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO, type World } from "./harness.js";

const MARKER = "<!-- hotwash:board -->";

function deleteBoard(w: World, issue: number): void {
  const board = w.sim
    .comments(REPO, issue)
    .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith(MARKER));
  if (!board) throw new Error(`no board on #${issue}`);
  w.sim.deleteComment(REPO, board.id);
}

/** Someone files the incident form: the issue opens with the `incident` label. */
async function fileForm(w: World, login: string): Promise<number> {
  const issue = w.openIssue("Checkout is down", { labels: ["incident"], as: login });
  const outcome = await w.deliver("issues", hooks.issuesOpened({ issue, sender: w.sim.user(login) }));
  expect(outcome.kind).not.toBe("failed");
  return issue.number;
}

function sweep(w: World) {
  return w.deliver("schedule", { repository: w.sim.repository(REPO) }) as Promise<{
    kind: string;
    reminders?: unknown[];
    failures?: unknown[];
  }>;
}

/** Hotwash's own labels and assignees: none of them were set. */
function expectNotDeclared(w: World, issue: number): void {
  expect(w.labels(issue)).toEqual(["incident"]);
  expect(w.assignees(issue)).toEqual([]);
  expect(w.replies(issue).join("\n")).not.toMatch(/@(?!\u200b)/);
}

describe("a declaration counts only when it was authorized", () => {
  it("a read-only reporter's form stays refused: a later /note by a triage user does not declare it", async () => {
    const w = createWorld();
    const issue = await fileForm(w, "dave");
    expect(w.replies(issue).at(-1)).toContain("nobody was paged");

    w.tick(5);
    await w.comment(issue, "carol", "/note customers report 500s");
    expectNotDeclared(w, issue);
  });

  it("the reminder sweep never declares a refused form, and does not fail on it", async () => {
    const w = createWorld();
    const issue = await fileForm(w, "dave");
    w.tick(180); // past every acknowledgement target
    const outcome = await sweep(w);
    expect(outcome.failures ?? []).toEqual([]);
    expect(outcome.reminders ?? []).toEqual([]);
    expectNotDeclared(w, issue);
  });

  it("the reminder sweep never declares, even a label a responder added while the webhook was lost", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down", { labels: ["incident"], as: "bob" });
    w.tick(180);
    const outcome = await sweep(w);
    expect(outcome.reminders ?? []).toEqual([]);
    expect(w.sim.comments(REPO, issue.number)).toEqual([]);
    expectNotDeclared(w, issue.number);
  });

  it("an outsider's incident issue does not make every sweep fail", async () => {
    const w = createWorld();
    const issue = w.openIssue("Your site is down!!", { labels: ["incident"], as: "mallory" });
    await w.deliver("issues", hooks.issuesOpened({ issue, sender: w.sim.user("mallory") }));
    for (let i = 0; i < 2; i++) {
      w.tick(180);
      expect((await sweep(w)).failures ?? []).toEqual([]);
    }
    expectNotDeclared(w, issue.number);
  });

  it("a label added by someone allowed to declare still declares when the board is rebuilt", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    w.tick(5);
    w.sim.addLabels(REPO, issue, ["incident"], "bob");
    await w.deliver(
      "issues",
      hooks.issuesLabeled({ issue: w.sim.issue(REPO, issue), label: "incident", sender: w.sim.user("bob") }),
    );
    expect(w.assignees(issue)).toEqual(["bob"]);
    deleteBoard(w, issue);
    w.tick(5);
    expect((await w.comment(issue, "carol", "/note still down")).kind).toBe("done");
    expect(w.labels(issue)).toContain("status:investigating");
    expect(w.assignees(issue)).toEqual(["bob"]);
  });

  it("a refused declaration stays refused when the reporter is given access later", async () => {
    const w = createWorld();
    const issue = await fileForm(w, "dave");
    w.sim.setPermission(REPO, "dave", "write");
    w.tick(5);
    await w.comment(issue, "carol", "/note looking");
    expectNotDeclared(w, issue);
  });
});

describe("a rebuild replays only what the live path ran", () => {
  it("does not replay an /ic refused as unassignable (which would make every later command fail)", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    const refused = await w.comment(issue, "bob", "/ic @mallory");
    expect(refused.kind).toBe("failed");
    expect(w.assignees(issue)).toEqual(["bob"]);

    deleteBoard(w, issue);
    w.tick(5);
    expect((await w.comment(issue, "carol", "/note still down")).kind).toBe("done");
    expect((await w.comment(issue, "carol", "/status identified bad deploy")).kind).toBe("done");
    expect(w.assignees(issue)).toEqual(["bob"]);
  });

  it("does not replay a command refused for lack of access, even after access is granted", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev3");
    const refused = await w.comment(issue, "dave", "/sev1");
    expect(refused.kind).toBe("refused");
    w.sim.setPermission(REPO, "dave", "write");

    deleteBoard(w, issue);
    w.tick(5);
    expect((await w.comment(issue, "carol", "/note still down")).kind).toBe("done");
    expect(w.labels(issue)).toContain("sev3");
    expect(w.labels(issue)).not.toContain("sev1");
  });

  it("does not run the other lines of a comment with an invalid line", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev3");
    const invalid = await w.comment(issue, "bob", "/sev1\n/status nonsense");
    expect(invalid.kind).toBe("invalid");

    deleteBoard(w, issue);
    w.tick(5);
    expect((await w.comment(issue, "carol", "/note still down")).kind).toBe("done");
    expect(w.labels(issue)).toContain("sev3");
    expect(w.labels(issue)).not.toContain("sev1");
  });
});
