import { ProbotOctokit } from "probot";
import { stringify } from "yaml";
import { createOctokitPort, type OctokitClient } from "../../src/github/octokit-port.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { routeEvent, type RouteOutcome, type WebhookPayload } from "../../src/services/route.js";
import { GitHubSim, startHttpServer, type SimServer } from "../../src/sim/index.js";
import { webhookBuilders } from "../../src/sim/webhooks.js";

export const REPO = "acme/shop";
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface BenchWorld {
  sim: GitHubSim;
  hooks: ReturnType<typeof webhookBuilders>;
  /** Deliver as the App does, through Probot's Octokit (throttled as shipped, or not). */
  deliver(event: string, payload: unknown): Promise<{ outcome: RouteOutcome; ms: number; requests: number }>;
  comment(
    issue: number,
    login: string,
    body: string,
  ): Promise<{ outcome: RouteOutcome; ms: number; requests: number }>;
  close(): Promise<void>;
}

/** A simulated repository served over loopback with a fixed round-trip time per request. */
export async function benchWorld(opts: { latencyMs: number; throttled: boolean }): Promise<BenchWorld> {
  const sim = new GitHubSim({ latencyMs: 0 });
  sim.createRepo(REPO, { defaultLabels: false });
  for (const [login, permission] of [
    ["alice", "maintain"],
    ["bob", "write"],
    ["carol", "triage"],
  ] as const) {
    sim.addUser(login);
    sim.setPermission(REPO, login, permission);
  }
  sim.setFile(REPO, ".github/hotwash.yml", stringify({ services: { api: { environment: "production" } } }));
  sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_WORKFLOW);
  const server: SimServer = await startHttpServer(sim);
  sim.latencyMs = opts.latencyMs;
  // Probot's Octokit: retry, pagination, and throttling exactly as Probot ships it unless turned off.
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_bench" },
    baseUrl: server.url,
    log: silent,
    ...(opts.throttled ? {} : { throttle: { enabled: false } }),
  }) as unknown as OctokitClient;
  const deps = (): ServiceDeps => ({
    port: createOctokitPort(octokit, { owner: "acme", repo: "shop" }),
    now: () => new Date(),
    repoUrl: "https://github.com/acme/shop",
  });
  const hooks = webhookBuilders(() => sim.repository(REPO));
  const deliver = async (event: string, payload: unknown) => {
    const before = sim.requests.length;
    const start = performance.now();
    const outcome = await routeEvent(deps(), event, payload as WebhookPayload);
    return { outcome, ms: performance.now() - start, requests: sim.requests.length - before };
  };
  return {
    sim,
    hooks,
    deliver,
    async comment(issue, login, body) {
      const latency = sim.latencyMs;
      sim.latencyMs = 0; // seeding the comment is the person's action, not Hotwash's
      const comment = sim.createComment(REPO, issue, body, login);
      sim.latencyMs = latency;
      return deliver("issue_comment", hooks.issueCommentCreated({ issue: sim.issue(REPO, issue), comment }));
    },
    close: () => server.close(),
  };
}

const DIAGNOSE_WORKFLOW = `name: Hotwash diagnose
run-name: "Hotwash diagnose \${{ inputs.service }} for incident #\${{ inputs.incident }}"
on:
  workflow_dispatch:
    inputs:
      incident: { required: true }
      command: { required: true }
      service: { required: true }
      ref: { required: false }
      actor: { required: true }
      params: { required: false }
jobs:
  d:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
`;
