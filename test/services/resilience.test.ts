import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { createWorld, REPO } from "./harness.js";
import * as hooks from "../support/webhooks.js";

describe("closing and reopening", () => {
  it("reopens an incident closed before it was resolved, and says what to do", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    const closed = w.sim.closeIssue(REPO, issue.number, "bob");
    await w.deliver("issues", hooks.issuesClosed({ issue: closed, sender: w.sim.user("bob") }));

    expect(w.sim.issue(REPO, issue.number).state).toBe("open");
    expect(w.replies(issue.number).at(-1)).toContain("Run `/resolve");
  });

  it("lets a resolved incident close, and a reopen puts it back to investigating on the timeline", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    await w.comment(issue.number, "bob", "/resolve cache flushed");
    const closed = w.sim.closeIssue(REPO, issue.number, "bob");
    await w.deliver("issues", hooks.issuesClosed({ issue: closed, sender: w.sim.user("bob") }));
    expect(w.sim.issue(REPO, issue.number).state).toBe("closed");

    const reopened = w.sim.reopenIssue(REPO, issue.number, "carol");
    await w.deliver("issues", hooks.issuesReopened({ issue: reopened, sender: w.sim.user("carol") }));
    expect(w.labels(issue.number)).toContain("status:investigating");
    expect(w.board(issue.number)).toMatch(/Reopened/);
  });
});

describe("repair: GitHub is the database", () => {
  it("rebuilds a deleted board from the issue's command comments", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2 Payments failing");
    await w.comment(issue.number, "carol", "/status identified Card processor timeouts");
    const board = w.sim.comments(REPO, issue.number).find((c) => c.body?.includes("hotwash:board"));
    w.sim.deleteComment(REPO, board!.id);

    await w.comment(issue.number, "carol", "/note Processor confirms an outage");
    const rebuilt = w.board(issue.number);
    expect(rebuilt).toContain("Card processor timeouts");
    expect(rebuilt).toContain("Processor confirms an outage");
    const kinds = readBoardData(rebuilt)?.events.map((e) => e.type);
    expect(kinds).toEqual(expect.arrayContaining(["declared", "status", "note"]));
  });

  it("does not replay a comment's edited text when it rebuilds the log", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    const note = await w.comment(issue.number, "carol", "/note original words");
    w.tick(1);
    w.sim.editComment(REPO, note.commentId, "/status identified sneaky edit", "carol");
    const board = w.sim.comments(REPO, issue.number).find((c) => c.body?.includes("hotwash:board"));
    w.sim.deleteComment(REPO, board!.id);

    await w.comment(issue.number, "bob", "/note after the rebuild");
    const rebuilt = w.board(issue.number);
    expect(rebuilt).not.toContain("sneaky edit");
    expect(rebuilt).toContain("after the rebuild");
    expect(w.labels(issue.number)).toContain("status:investigating");
  });

  it("explains a failed label write and repairs the labels on the next event", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.sim.failNext({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
      status: 502,
    });
    const out = await w.comment(issue.number, "bob", "/sev1");
    expect(out.kind).toBe("failed");
    expect(w.reactions(out.commentId)).toContain("confused");
    expect(w.replies(issue.number).at(-1)).toMatch(/server error \(502\)/);
    // The log (board) has the change; the labels lag until the next event reconciles them.
    expect(w.board(issue.number)).toMatch(/SEV1/);
    expect(w.labels(issue.number)).toContain("sev2");

    await w.comment(issue.number, "carol", "/note still degraded");
    expect(w.labels(issue.number)).toContain("sev1");
    expect(w.labels(issue.number)).not.toContain("sev2");
  });

  it("says when GitHub's rate limit is exhausted and until when", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.sim.failNext({
      method: "PATCH",
      route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      status: 403,
      rateLimit: true,
    });
    await w.comment(issue.number, "bob", "/status identified bad deploy");
    expect(w.replies(issue.number).at(-1)).toMatch(/rate limit is used up until \d\d:\d\d UTC/);
  });
});

describe("configuration", () => {
  it("replies once naming the broken key and keeps non-destructive commands working on defaults", async () => {
    const w = createWorld({
      config: { severities: { sev1: { name: "Critical", resolveWithin: "soon" } }, services: { api: {} } },
    });
    const issue = w.openIssue("x");
    const out = await w.comment(issue.number, "bob", "/incident sev2");
    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toContain("sev2");
    const reply = w.replies(issue.number).at(-1) ?? "";
    expect(reply).toContain("`severities.sev1.resolveWithin`");
    expect(reply).toContain("must be a duration");
    expect(w.board(issue.number)).toContain("severities.sev1.resolveWithin");
  });

  it("requires team membership where config says so", async () => {
    const w = createWorld({ config: { commands: { severity: { teams: ["acme/sre"] } } } });
    w.sim.addTeamMember("acme", "sre", "carol");
    w.sim.setPermission(REPO, "carol", "write");
    const issue = w.openIssue("x");
    const refused = await w.comment(issue.number, "bob", "/sev2");
    expect(refused.kind).toBe("refused");
    expect(w.replies(issue.number).at(-1)).toContain("`acme/sre`");
    expect((await w.comment(issue.number, "carol", "/sev2")).kind).toBe("done");
  });

  it("/help lists commands with who may run them, severities and services", async () => {
    const w = createWorld({ config: { services: { api: {}, web: {} } } });
    const issue = w.openIssue("x");
    await w.comment(issue.number, "dave", "/help");
    const help = w.replies(issue.number).at(-1) ?? "";
    expect(help).toContain("/rollback");
    expect(help).toMatch(/maintain/);
    expect(help).toContain("sev1");
    expect(help).toContain("`api`");
  });
});

describe("people", () => {
  it("refuses to make someone commander who cannot be assigned", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    const out = await w.comment(issue.number, "bob", "/ic @mallory");
    expect(out.kind).toBe("failed");
    expect(w.replies(issue.number).at(-1)).toContain("cannot be assigned");
    expect(w.assignees(issue.number)).toEqual(["bob"]);
  });

  it("never pings people whose names appear in echoed text", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    await w.comment(issue.number, "bob", "/status identified waiting on @alice and @acme/dba | <!-- x -->");
    const board = w.board(issue.number);
    expect(board).not.toMatch(/(^|[^\u200b])@alice/);
    expect(board).not.toMatch(/(^|[^\u200b])@acme\/dba/);
    expect(board.match(/<!--/g)?.length).toBe(2); // the marker and the data block only
  });
});

describe("issue events are authorized like the commands they stand for", () => {
  const FORM = "### Severity\n\nsev1\n\n### What is happening?\n\nEverything is down.";

  it("does not declare (or page anyone) for a reporter who may not declare", async () => {
    const w = createWorld({
      config: { severities: { sev1: { name: "Critical", escalate: ["@acme/oncall"] } } },
    });
    const issue = w.openIssue("Incident: all down", { labels: ["incident"], body: FORM, as: "dave" });
    await w.deliver("issues", hooks.issuesOpened({ issue }));

    expect(w.labels(issue.number)).toEqual(["incident"]);
    expect(w.board(issue.number)).toBe("");
    const reply = w.replies(issue.number).join("\n");
    expect(reply).toContain("nobody was paged");
    expect(reply).not.toContain("@acme/oncall");
  });

  it("declares when a responder adds the label shortly after opening the issue", async () => {
    const w = createWorld();
    const issue = w.openIssue("API errors");
    w.tick(0.25);
    w.sim.addLabels(REPO, issue.number, ["incident"], "carol");
    w.sim.setPermission(REPO, "carol", "write");
    const labeled = w.sim.issue(REPO, issue.number);
    await w.deliver(
      "issues",
      hooks.issuesLabeled({ issue: labeled, label: "incident", sender: w.sim.user("carol") }),
    );
    expect(w.labels(issue.number)).toContain("status:investigating");
    expect(w.assignees(issue.number)).toEqual(["carol"]);
  });

  it("ignores a status label set by someone who may not change status", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.sim.addLabels(REPO, issue.number, ["status:resolved"], "dave");
    const out = await w.deliver(
      "issues",
      hooks.issuesLabeled({
        issue: w.sim.issue(REPO, issue.number),
        label: "status:resolved",
        sender: w.sim.user("dave"),
      }),
    );
    expect(out.kind).toBe("ignored");
    expect(w.board(issue.number)).toContain("investigating");
  });
});

describe("redeliveries stay silent", () => {
  it("answers a refused comment once, however often it is delivered", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    const comment = w.sim.createComment(REPO, issue.number, "/sev1", "dave");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue.number), comment });
    await w.deliver("issue_comment", payload);
    await w.deliver("issue_comment", payload);
    expect(w.replies(issue.number)).toHaveLength(1);
  });

  it("defangs a mention that follows an unmatched backtick", async () => {
    const w = createWorld();
    const issue = w.openIssue("x");
    await w.comment(issue.number, "bob", "/incident sev2");
    await w.comment(issue.number, "bob", "/note ping `@dave now");
    expect(w.board(issue.number)).not.toMatch(/`@dave/);
  });
});
