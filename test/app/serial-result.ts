/** The reference for "as if delivered one at a time": the burst's commands through the App, in series. */
import type { GitHubSim } from "../../src/sim/index.js";
import { answered, boardEvents, burstCommands, comparable, seedRepo, timeUntil } from "../support/burst.js";
import { startApp, type TestApp } from "../support/probot-app.js";
import { createSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

/** Declares `/incident sev3` (alice) through the app and waits for its 🚀. */
export async function declare(
  sim: GitHubSim,
  app: TestApp,
  repo: string,
  installationId = 1,
): Promise<number> {
  const issue = sim.createIssue(repo, { title: "Checkout errors", as: "bob" }).number;
  const comment = sim.createComment(repo, issue, "/incident sev3 Checkout errors", "alice");
  await app.post(
    "issue_comment",
    hooks.issueCommentCreated({ issue: sim.issue(repo, issue), comment, installationId }),
  );
  await timeUntil(() => answered(sim, repo, comment.id), 60_000);
  return issue;
}

/** The board entries (comparable) and labels that delivering `burstCommands()` in series gives. */
export async function serialResult(repo: string): Promise<{ events: string[]; labels: string[] }> {
  const sim = createSim();
  seedRepo(sim, repo);
  const app = await startApp(sim);
  const issue = await declare(sim, app, repo);
  for (const command of burstCommands()) {
    const comment = sim.createComment(repo, issue, command.body, command.author);
    await app.post("issue_comment", hooks.issueCommentCreated({ issue: sim.issue(repo, issue), comment }));
    await timeUntil(() => answered(sim, repo, comment.id), 30_000);
  }
  return { events: comparable(boardEvents(sim, repo, issue)), labels: sim.issueLabels(repo, issue).sort() };
}
