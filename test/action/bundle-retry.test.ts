/**
 * The Action's GitHub client retries what may pass (server errors, a secondary rate limit's
 * retry-after) a few times, and gives up quickly on what will not: the committed bundle, against
 * the simulator's injected faults.
 */
import { describe, expect, it } from "vitest";
import { createWorld, REPO } from "../services/harness.js";
import { actionReplies, actionRunner } from "./bundle-step.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const PATCH_ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}";
const PERMISSION = "/repos/{owner}/{repo}/collaborators/{username}/permission";

const run = actionRunner();

// A bundle run spaces its writes as GitHub asks (a second apart), and these wait out retries too.
describe("action/dist/index.js when GitHub fails for a moment", { timeout: 90_000 }, () => {
  it("retries a 502 and the command goes through", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ method: "GET", route: PERMISSION, status: 502 });
    const out = await run.comment(w, issue, "bob", "/incident sev2");

    expect(out.outputs["decision"]).toBe("done");
    expect(out.code).toBe(0);
    expect(w.sim.requestCount({ method: "GET", route: PERMISSION })).toBe(2);
    expect(w.labels(issue)).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("waits out a secondary rate limit for its retry-after, then carries on", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({
      method: "POST",
      route: COMMENTS,
      status: 403,
      headers: { "retry-after": "2" },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        documentation_url:
          "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: "403",
      },
    });
    const out = await run.comment(w, issue, "bob", "/incident sev2");

    expect(out.outputs["decision"]).toBe("done");
    expect(
      w.sim.requests.filter((r) => r.route === COMMENTS && r.method === "POST").map((r) => r.status),
    ).toEqual([403, 201]);
    expect(out.ms).toBeGreaterThanOrEqual(2000);
    const board = w.sim.comments(REPO, issue).find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
    expect(board?.user?.login).toBe("github-actions[bot]");
  });

  it("gives up after a few retries and says to post the command again", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    w.sim.failNext({ method: "PATCH", route: PATCH_ISSUE, status: 502, times: 10 });
    const out = await run.comment(w, issue, "bob", "/incident sev2");

    expect(out.outputs["decision"]).toBe("failed");
    expect(out.code).not.toBe(0);
    // One request and two retries (after 1 s and 4 s), then the reply: bounded, the step never hangs.
    expect(w.sim.requestCount({ method: "PATCH", route: PATCH_ISSUE })).toBe(3);
    expect(actionReplies(w, issue).at(-1)).toContain(
      "GitHub had a server error (502). Post the command again in a minute.",
    );
  });

  it("does not sit out a primary rate limit that resets in an hour: it fails and says when to retry", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    const reset = Math.floor(Date.now() / 1000) + 3600;
    w.sim.failNext({
      method: "POST",
      route: COMMENTS,
      status: 403,
      rateLimit: true,
      headers: { "x-ratelimit-reset": String(reset) },
    });
    const out = await run.comment(w, issue, "bob", "/incident sev2");

    expect(out.outputs["decision"]).toBe("failed");
    expect(
      w.sim.requests.filter((r) => r.route === COMMENTS && r.method === "POST").map((r) => r.status),
    ).toEqual([403, 201]);
    const resetAt = new Date(reset * 1000).toISOString().slice(11, 16);
    expect(actionReplies(w, issue).at(-1)).toContain(
      `GitHub's API rate limit is used up until ${resetAt} UTC`,
    );
  });
});
