import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { createWorld, REPO } from "./harness.js";
import * as hooks from "../support/webhooks.js";

describe("declaring and running an incident from comments", () => {
  it("/incident sev2 labels the issue, makes the author commander and posts a pinned board", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is slow");
    const out = await w.comment(issue.number, "bob", "/incident sev2 Checkout API returns 500s");

    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["incident", "sev2", "status:investigating"]);
    expect(w.assignees(issue.number)).toEqual(["bob"]);
    const board = w.board(issue.number);
    expect(board).toContain("Checkout API returns 500s");
    expect(board).toMatch(/SEV2/);
    expect(board).toContain("investigating");
    expect(board).toContain("- [ ] Commander assigned");
    expect(w.reactions(out.commentId)).toEqual(["eyes", "rocket"]);
    // Nothing to say beyond the board: no reply comment for a plain declaration.
    expect(w.replies(issue.number)).toEqual([]);
  });

  it("runs several commands of one comment in order and escalates a raise to the configured teams", async () => {
    const w = createWorld({
      config: { severities: { sev1: { name: "Critical", escalate: ["@acme/sre"] }, sev2: { name: "High" } } },
    });
    const issue = w.openIssue("API errors");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.tick(5);
    const out = await w.comment(
      issue.number,
      "bob",
      "Escalating.\n/sev1\n/ic @carol\n/status identified DB pool exhausted",
    );

    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["incident", "sev1", "status:identified"]);
    expect(w.assignees(issue.number)).toEqual(["carol"]);
    const replies = w.replies(issue.number);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("@acme/sre");
    const board = w.board(issue.number);
    expect(board).toContain("DB pool exhausted");
    expect(board).toMatch(/Commander\*\* \| @\u200bcarol/);
  });

  it("refuses a command the commenter may not run, with 👎 and a reason, and changes nothing", async () => {
    const w = createWorld();
    const issue = w.openIssue("Something broke");
    const out = await w.comment(issue.number, "dave", "/sev1");

    expect(out.kind).toBe("refused");
    expect(w.labels(issue.number)).toEqual([]);
    expect(w.reactions(out.commentId)).toEqual(["-1"]);
    expect(w.replies(issue.number)[0]).toContain("needs **write** access");
    expect(w.board(issue.number)).toBe("");
  });

  it("ignores edited comments, bots and comments without commands without asking GitHub anything", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    const comment = w.sim.createComment(REPO, issue.number, "/sev1", "bob");
    w.sim.clearRequests();
    const edited = await w.deliver(
      "issue_comment",
      hooks.issueCommentEdited({
        issue: w.sim.issue(REPO, issue.number),
        comment,
        sender: w.sim.user("bob"),
      }),
    );
    expect(edited.kind).toBe("ignored");
    w.sim.addBot("ci-bot[bot]");
    const bot = w.sim.createComment(REPO, issue.number, "/sev1", "ci-bot[bot]");
    expect(
      (
        await w.deliver(
          "issue_comment",
          hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue.number), comment: bot }),
        )
      ).kind,
    ).toBe("ignored");
    expect((await w.comment(issue.number, "bob", "Looks like the cache again")).kind).toBe("ignored");
    expect(
      w.sim.requests.filter(
        (r) => r.route !== "/repos/{owner}/{repo}/issues/{issue_number}/comments" || r.method !== "POST",
      ),
    ).toEqual([]);
    expect(w.labels(issue.number)).toEqual([]);
  });

  it("treats quoted lines and fenced code as inert", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    const out = await w.comment(issue.number, "bob", "> /sev1\n```\n/sev1\n```");
    expect(out.kind).toBe("ignored");
    expect(w.labels(issue.number)).toEqual([]);
  });

  it("suggests the command one typo away and runs nothing", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident");
    const out = await w.comment(issue.number, "bob", "/stauts identified cache");
    expect(out.kind).toBe("invalid");
    expect(w.replies(issue.number).at(-1)).toContain("Did you mean `/status`?");
    expect(w.labels(issue.number)).toContain("status:investigating");
  });

  it("explains an invalid command with its usage, reacts 😕 and changes nothing", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident");
    const boardBefore = w.board(issue.number);
    const out = await w.comment(issue.number, "bob", "/note fine\n/status bogus");
    expect(out.kind).toBe("invalid");
    expect(w.reactions(out.commentId)).toEqual(["confused"]);
    expect(w.replies(issue.number).at(-1)).toMatch(/Line 2.*investigating.*identified/s);
    expect(w.board(issue.number)).toBe(boardBefore);
  });

  it("executes a redelivered comment only once", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev3");
    const comment = w.sim.createComment(REPO, issue.number, "/note first responder on it", "carol");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue.number), comment });
    expect((await w.deliver("issue_comment", payload)).kind).toBe("done");
    const board = w.board(issue.number);
    expect((await w.deliver("issue_comment", payload)).kind).toBe("duplicate");
    expect(w.board(issue.number)).toBe(board);
    const notes = readBoardData(board)?.events.filter((e) => e.type === "note") ?? [];
    expect(notes).toHaveLength(1);
  });

  it("asks for the commenter's permission once per delivery, never trusting author_association", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    w.sim.clearRequests();
    await w.comment(issue.number, "bob", "/incident sev2\n/note a\n/status identified b");
    expect(w.sim.requestCount({ route: "/repos/{owner}/{repo}/collaborators/{username}/permission" })).toBe(
      1,
    );
  });

  it("sorts a backdated /timeline entry where it belongs", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.tick(30);
    await w.comment(issue.number, "carol", "/timeline 09:45 First alerts fired for @dave");
    const board = w.board(issue.number);
    const full = board.slice(board.indexOf("Full timeline"));
    expect(full.indexOf("First alerts fired")).toBeLessThan(full.indexOf("Declared"));
    expect(board).not.toMatch(/[^\u200b]@dave/);
  });
});
