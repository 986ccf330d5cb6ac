/**
 * A secondary rate limit (too many requests at once) is explained with the time GitHub gives in
 * `retry-after`, not the primary limit's reset, which may be up to an hour away.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "./harness.js";

const BOARD_WRITE = { method: "PATCH", route: "/repos/{owner}/{repo}/issues/comments/{comment_id}" };

describe("secondary rate limits", () => {
  for (const status of [403, 429]) {
    it(`says when to try again from retry-after (${status})`, async () => {
      const w = createWorld();
      const issue = w.openIssue("Checkout is down").number;
      await w.comment(issue, "bob", "/incident sev2");
      const now = w.clock.now; // 10:00:00
      w.sim.failNext({
        ...BOARD_WRITE,
        status,
        headers: {
          "retry-after": "90",
          date: now.toUTCString(),
          // The primary limit is far from used up; its reset is an hour away.
          "x-ratelimit-remaining": "4321",
          "x-ratelimit-reset": String(Math.floor(now.getTime() / 1000) + 3600),
        },
        body: {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
        },
      });
      const outcome = await w.comment(issue, "bob", "/status identified bad deploy");
      expect(outcome.kind).toBe("failed");
      const reply = w.replies(issue).at(-1) ?? "";
      // 10:00:00 + 90 s, rounded up to the minute the reply names.
      expect(reply).toContain("until 10:02 UTC");
      expect(reply).not.toContain("11:00");
    });
  }

  it("still names the primary limit's reset when that is what ran out", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2");
    w.sim.failNext({ ...BOARD_WRITE, status: 403, rateLimit: true });
    await w.comment(issue, "bob", "/status identified bad deploy");
    expect(w.replies(issue).at(-1)).toContain("until 10:01 UTC");
  });
});
