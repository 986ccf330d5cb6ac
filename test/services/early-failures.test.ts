/**
 * Every accepted comment is answered: a failure in any request, the first ones included (the
 * config, the author's permission, the board, the 👀), ends in 😕 and a reply saying what failed,
 * with "post it again" only when it may pass. The same for a label or a form on an issue.
 */
import { describe, expect, it } from "vitest";
import { createRestClient } from "../../src/github/client.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO } from "./harness.js";

const CONFIG = { method: "GET", route: "/repos/{owner}/{repo}/contents/{path}" } as const;
const PERMISSION = {
  method: "GET",
  route: "/repos/{owner}/{repo}/collaborators/{username}/permission",
} as const;
// The board is read from the payload's pinned comment, or from the issue's comments.
const BOARD = {
  method: "GET",
  route: /^\/repos\/\{owner\}\/\{repo\}\/issues\/(\{issue_number\}\/comments|comments\/\{comment_id\})$/,
} as const;
const EYES = {
  method: "POST",
  route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
} as const;
const ASSIGNABLE = { method: "GET", route: "/repos/{owner}/{repo}/assignees/{assignee}" } as const;
const AGAIN = /again/i;

describe("a command whose first requests fail", () => {
  const steps = [
    ["the config", CONFIG, /\*\*Reading `\.github\/hotwash\.yml` failed\*\*/],
    [
      "the author's permission",
      PERMISSION,
      /\*\*Checking @\u200b?bob's access to this repository failed\*\*/,
    ],
    ["the board", BOARD, /\*\*Reading the incident's board failed\*\*/],
    ["the 👀 reaction", EYES, /\*\*Acknowledging the comment \(👀\) failed\*\*/],
  ] as const;

  const answers = [
    [500, /GitHub had a server error \(500\)\. Post the command again in a minute\./, true],
    [403, /GitHub refused the request \(403: Forbidden\)\. The Hotwash app or workflow token/, false],
  ] as const;
  const cases = steps.flatMap(([name, fault, named]) =>
    answers.map(([status, explained, again]) => [status, name, fault, named, explained, again] as const),
  );

  it.each(cases)(
    "a %i on %s ends in 😕 and a reply naming it (post again only when it may pass)",
    async (status, _, fault, named, explained, again) => {
      const w = createWorld();
      const issue = w.openIssue("Checkout is down").number;
      await w.comment(issue, "bob", "/incident sev2");
      w.sim.failNext({ ...fault, status });

      const out = await w.comment(issue, "bob", "/sev1");

      expect(out.kind).toBe("failed");
      expect(w.reactions(out.commentId)).toContain("confused");
      expect(w.reactions(out.commentId)).not.toContain("rocket");
      const reply = w.replies(issue).at(-1) ?? "";
      expect(reply).toMatch(named);
      expect(reply).toMatch(explained);
      expect(AGAIN.test(reply)).toBe(again);
      expect(reply).toContain(`<!-- hotwash:reply ${out.commentId} -->`);
      expect(reply).toContain("None of this comment's commands ran.");
      expect(w.board(issue)).toContain("SEV2");
      expect(w.labels(issue)).toContain("sev2");
    },
  );

  it("a failed assignability check ends in 😕 and a reply naming it", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    w.sim.failNext({ ...ASSIGNABLE, status: 500 });

    const out = await w.comment(issue, "bob", "/ic @alice");

    expect(out.kind).toBe("failed");
    expect(w.reactions(out.commentId)).toContain("confused");
    expect(w.replies(issue).at(-1)).toMatch(
      /\*\*Checking who can be assigned failed\*\*: GitHub had a server error/,
    );
    expect(w.assignees(issue)).toEqual(["bob"]);
  });

  it("still replies when even the 😕 cannot be added, and never throws when the reply fails too", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    w.sim.failNext({ ...EYES, status: 500, times: 2 });
    const out = await w.comment(issue, "bob", "/sev1");
    expect(out.kind).toBe("failed");
    expect(w.reactions(out.commentId)).toEqual([]);
    expect(w.replies(issue).at(-1)).toMatch(/Acknowledging the comment \(👀\) failed/);

    const replies = w.replies(issue).length;
    w.sim.failNext({ ...CONFIG, status: 500 });
    w.sim.failNext({ ...EYES, status: 500 });
    w.sim.failNext({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      status: 500,
    });
    const silent = await w.comment(issue, "bob", "/sev1");
    expect(silent.kind).toBe("failed");
    expect(w.replies(issue)).toHaveLength(replies);
  });

  it("answers a refusal even when the 👎 cannot be added", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ ...EYES, status: 500 });
    const out = await w.comment(issue, "dave", "/sev1");
    expect(out.kind).toBe("refused");
    expect(w.replies(issue).at(-1)).toContain("needs **write** access");
  });

  it("answers a redelivered failure once", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    const comment = w.sim.createComment(REPO, issue, "/sev1", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    const before = w.replies(issue).length;
    w.sim.failNext({ ...CONFIG, status: 500, times: 2 });
    await w.deliver("issue_comment", payload);
    await w.deliver("issue_comment", payload);
    expect(w.replies(issue)).toHaveLength(before + 1);
  });

  it("does not ask to post again a comment that already ran, when its redelivery fails", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    const comment = w.sim.createComment(REPO, issue, "/sev1", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    expect((await w.deliver("issue_comment", payload)).kind).toBe("done");
    const before = w.replies(issue).length;
    w.sim.failNext({ ...BOARD, status: 500 });
    expect((await w.deliver("issue_comment", payload)).kind).toBe("duplicate");
    expect(w.replies(issue)).toHaveLength(before);
    expect(w.reactions(comment.id)).not.toContain("confused");
  });

  it("with a client that retries, a 502 is retried away and the command runs", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    // The Action's client (the App's Probot Octokit has the same retry plugin).
    const port = createOctokitPort(createRestClient({ token: "ghs_test_token" }), {
      owner: "acme",
      repo: "shop",
    });
    w.sim.failNext({ ...CONFIG, status: 502 });
    const comment = w.sim.createComment(REPO, issue, "/sev1", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });

    const out = await routeEvent(
      { ...w.deps(), port },
      "issue_comment",
      payload as unknown as WebhookPayload,
    );

    expect(out.kind).toBe("done");
    expect(w.reactions(comment.id)).toContain("rocket");
    expect(w.labels(issue)).toContain("sev1");
  }, 15_000);
});

describe("a label or form whose first requests fail", () => {
  it("a responder's incident label gets a reply naming the failure and how to retry", async () => {
    const w = createWorld();
    const issue = w.openIssue("API errors").number;
    w.tick(1);
    w.sim.addLabels(REPO, issue, ["incident"], "bob");
    w.sim.failNext({ ...CONFIG, status: 500 });

    const out = await w.deliver(
      "issues",
      hooks.issuesLabeled({ issue: w.sim.issue(REPO, issue), label: "incident", sender: w.sim.user("bob") }),
    );

    expect(out.kind).toBe("failed");
    const reply = w.replies(issue).at(-1) ?? "";
    expect(reply).toMatch(
      /\*\*Reading `\.github\/hotwash\.yml` failed\*\*: GitHub had a server error \(500\)/,
    );
    expect(reply).toMatch(/remove the `incident` label and add it again/i);
    expect(reply).not.toMatch(/post the command/i);
    expect(w.board(issue)).toBe("");
  });

  it("a form filed while the board cannot be read gets a reply", async () => {
    const w = createWorld();
    const form = "### Severity\n\nsev2\n\n### What is happening?\n\nCheckout is down.";
    const issue = w.openIssue("Incident: checkout", { labels: ["incident"], body: form });
    w.sim.failNext({ ...BOARD, status: 403 });

    const out = await w.deliver("issues", hooks.issuesOpened({ issue }));

    expect(out.kind).toBe("failed");
    const reply = w.replies(issue.number).at(-1) ?? "";
    expect(reply).toMatch(/\*\*Reading the incident's board failed\*\*: GitHub refused the request \(403/);
    expect(reply).not.toMatch(AGAIN);
  });

  it("stays quiet for a label Hotwash does not act on", async () => {
    const w = createWorld();
    const issue = w.openIssue("Typo in docs").number;
    w.tick(1);
    w.sim.addLabels(REPO, issue, ["documentation"], "bob");
    w.sim.failNext({ ...CONFIG, status: 500 });
    await w.deliver(
      "issues",
      hooks.issuesLabeled({
        issue: w.sim.issue(REPO, issue),
        label: "documentation",
        sender: w.sim.user("bob"),
      }),
    );
    expect(w.replies(issue)).toEqual([]);
  });
});
