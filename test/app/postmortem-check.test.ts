/** The App's post-mortem check: a check run from the installation on each push to the post-mortem PR. */
import { describe, expect, it } from "vitest";
import { startApp } from "../support/probot-app.js";
import { createSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

const REPO = "acme/shop";
const BRANCH = "hotwash/postmortem-1";

describe("the Probot app on a post-mortem pull request", () => {
  it("reports a failing check run with annotations, and a passing one after the fix is pushed", async () => {
    const sim = createSim();
    sim.createRepo(REPO);
    sim.addUser("bob");
    sim.setPermission(REPO, "bob", "write");
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    for (const body of ["/incident sev2 Checkout down", "/resolve Rolled back", "/postmortem"]) {
      const comment = sim.createComment(REPO, issue.number, body, "bob");
      expect(
        await app.post("issue_comment", hooks.issueCommentCreated({ issue: sim.issue(REPO, 1), comment })),
      ).toBe(200);
    }
    const pullNumber = sim.issues(REPO).find((i) => i.pull_request)?.number ?? 0;
    expect(await app.post("pull_request", hooks.pullRequestOpened(sim.pull(REPO, pullNumber)))).toBe(200);

    const [failing] = sim.checkRuns(REPO, BRANCH);
    expect(failing).toMatchObject({
      name: "Hotwash post-mortem",
      conclusion: "failure",
      app: { slug: sim.app.slug },
    });
    expect(failing?.annotations.length).toBeGreaterThan(0);
    const path = String(failing?.annotations[0]?.["path"]);

    const before = sim.pull(REPO, pullNumber).head.sha;
    const doc = sim.getFile(REPO, path, BRANCH) ?? "";
    sim.pushCommit(REPO, {
      branch: BRANCH,
      files: { [path]: doc.replace(/_TODO\(author\):[^\n]*_/g, "Written by the team.") },
      as: "bob",
    });
    const pull = sim.pull(REPO, pullNumber);
    expect(await app.post("pull_request", hooks.pullRequestSynchronize(pull, before))).toBe(200);
    expect(sim.checkRuns(REPO, pull.head.sha).map((r) => [r["conclusion"], r.annotations.length])).toEqual([
      ["success", 0],
    ]);
  });
});
