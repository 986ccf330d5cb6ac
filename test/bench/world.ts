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

const PHRASES = [
  "p99 latency on checkout is still elevated in eu-west",
  "error rate dropped after the cache flush but is creeping back",
  "support reports customers seeing payment timeouts on mobile",
  "the connection pool on db-primary is saturated at 500 connections",
  "rolled the canary back by hand; watching the dashboards",
  "no change in the upstream provider's status page",
  "traffic shifted to us-east for the next 30 minutes",
  "found a retry storm from the mobile client after the 4.12 release",
];

/** A realistic responder sentence of 80–200 characters (deterministic per index). */
export function responderText(i: number): string {
  const target = 80 + ((i * 37) % 121);
  let text = `#${i}:`;
  for (let k = 0; text.length < target; k++) text += ` ${PHRASES[(i + k * 3) % PHRASES.length]};`;
  return text.slice(0, target).trimEnd();
}

export interface SeededCommand {
  /** The command comment as a person posted it. */
  commentId: number;
  author: string;
  body: string;
  createdAt: string;
}

/**
 * Posts `n` command comments of realistic length on the issue without running Hotwash (a mix of
 * `/note`, `/status` with messages, `/timeline` and `/diagnose`), fast: straight into the
 * simulator's state. The caller writes the board those commands would have produced.
 */
export function seedCommandComments(w: BenchWorld, issue: number, n: number): SeededCommand[] {
  const people = ["bob", "carol", "alice"];
  const seeded: SeededCommand[] = [];
  for (let i = 0; i < n; i++) {
    const text = responderText(i);
    const kind = i % 10;
    const body =
      kind < 5
        ? `/note ${text}`
        : kind < 7
          ? `/status ${kind === 5 ? "identified" : "investigating"} ${text}`
          : kind < 9
            ? `/timeline 09:${String(i % 60).padStart(2, "0")}Z ${text}`
            : "/diagnose api region=eu";
    const author = people[i % people.length] ?? "bob";
    const comment = w.sim.createComment(REPO, issue, body, author);
    seeded.push({ commentId: comment.id, author, body, createdAt: comment.created_at });
  }
  return seeded;
}
