/** The committed bundle on a post-mortem pull request: annotations on the lines to fix, and a failing step. */
import { describe, expect, it } from "vitest";
import { createWorld, REPO } from "../services/harness.js";
import { pullRequestOpened } from "../support/webhooks.js";
import { actionRunner } from "./bundle-step.js";

const run = actionRunner();

describe("action/dist/index.js: the post-mortem check", () => {
  it("annotates the prompts left and fails the step", { timeout: 120_000 }, async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2 Checkout returns 503");
    await w.comment(issue, "bob", "/resolve Rolled back the deploy");
    await w.comment(issue, "bob", "/postmortem");
    const number = w.sim.issues(REPO).find((i) => i.pull_request)?.number ?? 0;
    const path = "docs/postmortems/2026-11-23-1-checkout-returns-503.md";

    const step = await run.event(w, "pull_request", pullRequestOpened(w.sim.pull(REPO, number)));
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(
      new RegExp(
        `^::error title=Template prompt left,file=${path.replace(/\./g, "\\.")},line=\\d+,endLine=\\d+::"Summary" still holds`,
        "m",
      ),
    );
    expect(step.outputs["decision"]).toBe("postmortem-checked");
    expect(w.sim.checkRuns(REPO, `hotwash/postmortem-${issue}`).map((r) => r["conclusion"])).toEqual([
      "failure",
    ]);
  });
});
