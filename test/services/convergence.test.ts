import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { createWorld, REPO } from "./harness.js";
import * as hooks from "../support/webhooks.js";

describe("two handlers racing on one incident", () => {
  it("converge: both commands end up on the board and the labels reflect both", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    const [a, b] = await Promise.all([
      w.comment(issue.number, "carol", "/note first responder on it"),
      w.comment(issue.number, "bob", "/sev1"),
    ]);
    expect([a.kind, b.kind]).toEqual(["done", "done"]);
    const types = readBoardData(w.board(issue.number))?.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["declared", "note", "severity"]));
    expect(w.labels(issue.number)).toContain("sev1");
  });
});

describe("a log too large for the board", () => {
  it("still executes a redelivered command only once", async () => {
    const w = createWorld({ config: { maxTextLength: 10_000 } });
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    for (let i = 0; i < 8; i++) await w.comment(issue.number, "carol", `/note ${String(i).repeat(9_000)}`);
    // Old entries are sealed into hidden log pages: the board keeps its data.
    expect(readBoardData(w.board(issue.number))?.sealed.pages.length).toBeGreaterThan(0);

    const comment = w.sim.createComment(REPO, issue.number, "/status identified cache stampede", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue.number), comment });
    expect((await w.deliver("issue_comment", payload)).kind).toBe("done");
    expect((await w.deliver("issue_comment", payload)).kind).toBe("duplicate");
    expect(w.labels(issue.number)).toContain("status:identified");
  });
});

describe("reminders after the incident is closed", () => {
  it("reminds about an overdue post-mortem of a resolved, closed sev1", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev1 Payments down");
    await w.comment(issue.number, "bob", "/resolve fixed");
    const closed = w.sim.closeIssue(REPO, issue.number, "bob");
    await w.deliver("issues", hooks.issuesClosed({ issue: closed, sender: w.sim.user("bob") }));
    w.tick(72 * 60);

    const sweep = await w.deliver("schedule", { repository: w.sim.repository(REPO) });
    expect(sweep).toMatchObject({ kind: "done" });
    const reminder = w.replies(issue.number).at(-1) ?? "";
    expect(reminder).toContain("post-mortem");
    expect(reminder).not.toContain("status update");
    // Once per window: the next sweep stays quiet.
    const before = w.replies(issue.number).length;
    await w.deliver("schedule", { repository: w.sim.repository(REPO) });
    expect(w.replies(issue.number)).toHaveLength(before);
  });
});
