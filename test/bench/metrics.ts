/**
 * The metrics report at scale: requests and latency for 500 incidents (open and closed, boards
 * unsigned as the Action writes them), with a fixed round trip per request.
 */
import { ProbotOctokit } from "probot";
import { createOctokitPort, type OctokitClient } from "../../src/github/octokit-port.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { gatherMetrics } from "../../src/services/metrics.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { GitHubSim, startHttpServer } from "../../src/sim/index.js";
import { webhookBuilders } from "../../src/sim/webhooks.js";

const REPO = "acme/shop";
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const DECLARED = 10;

export async function metricsBench(rttMs: number, incidents = 500): Promise<void> {
  const sim = new GitHubSim({ latencyMs: 0 });
  sim.createRepo(REPO, { defaultLabels: false });
  sim.addUser("bob");
  sim.setPermission(REPO, "bob", "maintain");
  const server = await startHttpServer(sim);
  try {
    const octokit = new ProbotOctokit({
      auth: { token: "ghs_bench" },
      baseUrl: server.url,
      log: silent,
      throttle: { enabled: false },
    }) as unknown as OctokitClient;
    const deps = (): ServiceDeps => ({
      port: createOctokitPort(octokit, { owner: "acme", repo: "shop" }),
      now: () => new Date(),
      repoUrl: "https://github.com/acme/shop",
    });
    const hooks = webhookBuilders(() => sim.repository(REPO));
    const say = async (issue: number, body: string) => {
      const comment = sim.createComment(REPO, issue, body, "bob");
      await routeEvent(
        deps(),
        "issue_comment",
        hooks.issueCommentCreated({ issue: sim.issue(REPO, issue), comment }) as WebhookPayload,
      );
    };
    // A few incidents declared and resolved through commands; their boards copied onto the rest.
    const boards: string[] = [];
    for (let i = 0; i < DECLARED; i++) {
      const issue = sim.createIssue(REPO, { title: `Incident ${i}`, as: "bob" }).number;
      await say(issue, `/incident sev${(i % 3) + 1} Checkout down ${i}`);
      if (i % 4) await say(issue, "/resolve Rolled back");
      const board = sim.comments(REPO, issue).find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
      boards.push(board?.body ?? "");
    }
    const port = deps().port;
    for (let i = DECLARED; i < incidents; i++) {
      const issue = sim.createIssue(REPO, { title: `Incident ${i}`, labels: ["incident"], as: "bob" }).number;
      const posted = await port.createComment(issue, boards[i % DECLARED] ?? "");
      await port.pinComment(posted.id);
      if (i % 4) sim.closeIssue(REPO, issue, "bob");
    }

    sim.latencyMs = rttMs;
    const before = sim.requests.length;
    const start = performance.now();
    const report = await gatherMetrics(deps(), { since: null, until: null });
    const ms = performance.now() - start;
    const made = sim.requests.slice(before);
    const by = (route: string) => made.filter((r) => r.route === route).length;
    console.log(
      `\n## Metrics report: ${incidents} incidents (simulated round trip ${rttMs} ms per request)\n`,
    );
    console.log(
      "| incidents | requests | of which issue pages | board reads (GraphQL) | latency | measured / not readable",
    );
    console.log(
      "| --------- | -------- | -------------------- | --------------------- | ------- | -----------------------",
    );
    console.log(
      `| ${String(incidents).padEnd(9)} | ${String(made.length).padEnd(8)} | ${String(by("/repos/{owner}/{repo}/issues")).padEnd(20)} | ${String(by("/graphql")).padEnd(21)} | ${`${Math.round(ms)} ms`.padEnd(7)} | ${report.all.incidents} / ${report.unreadable.length}`,
    );
  } finally {
    await server.close();
  }
}
