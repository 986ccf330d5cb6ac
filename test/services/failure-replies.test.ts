/**
 * A failed command's reply tells the responder whether trying again can help: only what may pass
 * (GitHub's 5xx, rate limits, the network) says to post the command again; a permanent failure
 * (GitHub's 4xx, a missing file, a bug) says what is wrong and how to fix it instead.
 */
import { describe, expect, it } from "vitest";
import { GitHubError } from "../../src/services/port.js";
import { explainFailure } from "../../src/services/replies.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO } from "./harness.js";

const PATCH_ISSUE = { method: "PATCH", route: "/repos/{owner}/{repo}/issues/{issue_number}" } as const;
const RETRY = /again/i;

describe("a command that GitHub fails", () => {
  it.each([
    [422, /GitHub rejected the request \(422: Validation Failed\)\. Check that the people, labels/],
    [404, /GitHub could not find something it needed/],
    [
      403,
      /GitHub refused the request \(403: Forbidden\)\. The Hotwash app or workflow token is missing a permission/,
    ],
  ])("with a permanent %i says what to fix, not to post it again", async (status, explained) => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ ...PATCH_ISSUE, status });
    const out = await w.comment(issue, "bob", "/incident sev2");

    expect(out.kind).toBe("failed");
    const reply = w.replies(issue).at(-1) ?? "";
    expect(reply).toMatch(explained);
    expect(reply).not.toMatch(RETRY);
  });

  it.each([502, 503])("with a transient %i says to post the command again in a minute", async (status) => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ ...PATCH_ISSUE, status });
    await w.comment(issue, "bob", "/incident sev2");

    expect(w.replies(issue).at(-1)).toContain(
      `GitHub had a server error (${status}). Post the command again in a minute.`,
    );
  });

  it("with a spent rate limit says when to post it again", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ ...PATCH_ISSUE, status: 403, rateLimit: true });
    await w.comment(issue, "bob", "/incident sev2");

    expect(w.replies(issue).at(-1)).toMatch(
      /rate limit is used up until \d\d:\d\d UTC\. .*post the command again after that/,
    );
  });
});

describe("a command that fails inside Hotwash", () => {
  it("names the missing file and says how to fix the installation, not to post the command again", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    await w.comment(issue, "bob", "/resolve");
    const deps = w.deps();
    const missing = "/opt/hotwash/templates/postmortem.md";
    const broken = {
      ...deps.port,
      readFile: () =>
        Promise.reject(
          Object.assign(new Error(`ENOENT: no such file or directory, open '${missing}'`), {
            code: "ENOENT",
            path: missing,
          }),
        ),
    };
    const comment = w.sim.createComment(REPO, issue, "/postmortem", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    await routeEvent({ ...deps, port: broken }, "issue_comment", payload as unknown as WebhookPayload);

    const reply = w.replies(issue).at(-1) ?? "";
    expect(reply).toContain(`Hotwash could not read \`${missing}\`, a file it ships with`);
    expect(reply).toMatch(/reinstall|update/i);
    expect(reply).not.toMatch(RETRY);
  });

  it("calls any other internal error a bug to report, with where to find the log", () => {
    const text = explainFailure(
      new TypeError("Cannot read properties of undefined (reading 'login')"),
      "The command",
    );
    expect(text).toContain("Cannot read properties of undefined (reading 'login')");
    expect(text).toMatch(/bug in Hotwash/);
    expect(text).toMatch(/log/);
    expect(text).not.toMatch(RETRY);
  });

  it("treats a dropped connection as transient", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(explainFailure(reset, "The command")).toContain("Post the command again in a minute.");
    expect(explainFailure(new GitHubError("fetch failed", 0, "network"), "The command")).toContain(
      "Post the command again in a minute.",
    );
  });
});
