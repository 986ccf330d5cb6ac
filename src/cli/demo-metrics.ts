import { renderReport } from "../core/metrics/render-report.js";
import { createRestClient } from "../github/client.js";
import { createOctokitPort } from "../github/octokit-port.js";
import { gatherMetrics } from "../services/metrics.js";
import type { GitHubSim } from "../sim/index.js";
import type { webhookBuilders } from "../sim/webhooks.js";
import { DEMO_REPO, type demoClock } from "./demo-world.js";
import type { Transcript } from "./transcript.js";

export interface DemoMetricsContext {
  sim: GitHubSim;
  clock: ReturnType<typeof demoClock>;
  hooks: ReturnType<typeof webhookBuilders>;
  deliver(event: string, payload: unknown): Promise<void>;
  out: Transcript;
  apiUrl: string;
}

/**
 * The end of the demo: two more incidents earlier today (a sev3 and a drill), then the metrics
 * report across the repository, as `hotwash metrics` prints it.
 */
export async function demoMetrics({
  sim,
  clock,
  hooks,
  deliver,
  out,
  apiUrl,
}: DemoMetricsContext): Promise<void> {
  out.title("A little history: two more incidents today, then `hotwash metrics`");
  const say = async (issue: number, login: string, body: string, minutesLater: number) => {
    clock.advance(minutesLater);
    const comment = sim.createComment(DEMO_REPO, issue, body, login);
    await deliver(
      "issue_comment",
      hooks.issueCommentCreated({ issue: sim.issue(DEMO_REPO, issue), comment }),
    );
  };
  clock.rewind(600);
  const search = sim.createIssue(DEMO_REPO, { title: "Search is slow", as: "bob" }).number;
  await say(search, "bob", "/incident sev3 Search p99 above 2s", 0);
  await say(search, "bob", "/ic @carol", 8);
  await say(search, "bob", "/resolve Reindexed the catalog", 37);
  const drill = sim.createIssue(DEMO_REPO, { title: "Game day", as: "alice" }).number;
  await say(drill, "alice", "/drill sev2 Game day: database failover", 60);
  await say(drill, "alice", "/resolve Failover took 4 minutes", 30);
  clock.resume();
  out.note(`#${search}: a sev3, acknowledged after 8 minutes, resolved after 45; #${drill}: a drill`);

  const port = createOctokitPort(
    createRestClient({ token: sim.createToken("alice"), baseUrl: apiUrl }),
    { owner: "acme", repo: "shop" },
    { identity: sim.botLogin },
  );
  const before = sim.requests.length;
  const report = await gatherMetrics(
    { port, now: clock.now, repoUrl: "https://github.com/acme/shop" },
    { since: null, until: null },
  );
  out.section(
    `📊 hotwash metrics --repo ${DEMO_REPO} (${sim.requests.length - before} GitHub requests):`,
    renderReport(report, "markdown", DEMO_REPO),
  );
}
