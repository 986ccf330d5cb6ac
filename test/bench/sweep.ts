/**
 * The reminder sweep at scale: GitHub requests per tick of the App's timer for 1, 10 and 50 open
 * incidents (nothing due) and for 100 repositories with none; and config requests per command.
 */
import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { InFlight } from "../../src/app/in-flight.js";
import { createSweeper } from "../../src/app/sweep.js";
import { appSelf } from "../../src/app/trust.js";
import type { AppAuth } from "../../src/github/installations.js";
import { createOctokitPort, type OctokitClient } from "../../src/github/octokit-port.js";
import { IncidentLabels } from "../../src/services/incident-labels.js";
import { SweepMemory } from "../../src/services/installation-sweep.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { GitHubSim, startHttpServer } from "../../src/sim/index.js";
import { webhookBuilders } from "../../src/sim/webhooks.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const silent = { debug() {}, info() {}, warn() {}, error() {}, fatal() {}, trace() {}, child: () => silent };

/** The App's timer as it ticks: one sweeper per process, each tick one sweep. */
function sweeper(probot: Probot) {
  return createSweeper({
    auth: probot.auth.bind(probot) as AppAuth,
    ...appSelf(probot, {}),
    intervalMs: 5 * 60_000,
    work: new InFlight(),
    log: { info() {}, warn() {} },
    memory: new SweepMemory(new IncidentLabels()),
    hold: () => Promise.resolve(),
  });
}

interface Figures {
  requests: number;
  /** Requests that count against GitHub's rate limit (a 304 does not). */
  counted: number;
}

function measureFrom(sim: GitHubSim): () => Figures {
  const before = sim.requests.length;
  return () => {
    const made = sim.requests.slice(before);
    return { requests: made.length, counted: made.filter((r) => r.status !== 304).length };
  };
}

async function world(repos: number, incidents: number) {
  const sim = new GitHubSim();
  const names = Array.from({ length: repos }, (_, i) => `acme/repo-${i}`);
  for (const name of names) sim.createRepo(name);
  sim.addUser("bob");
  for (const name of names) sim.setPermission(name, "bob", "write");
  sim.setFile(names[0] ?? "", ".github/hotwash.yml", "reminders:\n  enabled: true\n");
  const server = await startHttpServer(sim);
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_bench" },
    baseUrl: server.url,
    log: silent,
    throttle: { enabled: false },
  }) as unknown as OctokitClient;
  const hooks = webhookBuilders(() => sim.repository(names[0] ?? ""));
  const deliver = (payload: unknown) =>
    routeEvent(
      {
        port: createOctokitPort(octokit, { owner: "acme", repo: "repo-0" }),
        now: () => new Date(),
        repoUrl: "https://github.com/acme/repo-0",
      },
      "issue_comment",
      payload as WebhookPayload,
    );
  for (let i = 0; i < incidents; i++) {
    const issue = sim.createIssue(names[0] ?? "", { title: `Incident ${i}`, as: "bob" });
    const comment = sim.createComment(names[0] ?? "", issue.number, "/incident sev2 Checkout down", "bob");
    await deliver(hooks.issueCommentCreated({ issue, comment }));
  }
  const probot = new Probot({
    appId: sim.app.id,
    privateKey,
    baseUrl: server.url,
    log: silent as never,
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  return { sim, probot, deliver, hooks, repo: names[0] ?? "", close: () => server.close() };
}

function pad(text: string | number, width: number): string {
  return String(text).padEnd(width);
}

export async function sweepBench(): Promise<void> {
  console.log("\n## Reminder sweep: requests per tick of the App's timer (nothing due)\n");
  console.log(
    "'counted' leaves out 304 Not Modified answers, which GitHub does not count against the rate limit.",
  );
  console.log("First tick: a fresh process (installation token, repository list, each repository's");
  console.log("config read once to learn its incident label). Next tick: the one after (closed incidents");
  console.log("are searched hourly, so it searches once).\n");
  console.log("| scenario                          | first tick (counted) | next tick (counted)");
  console.log("| --------------------------------- | -------------------- | -------------------");
  const cases: [string, number, number][] = [
    ["1 open incident", 1, 1],
    ["10 open incidents", 1, 10],
    ["50 open incidents", 1, 50],
    ["100 repositories, no incidents", 100, 0],
  ];
  for (const [name, repos, incidents] of cases) {
    const w = await world(repos, incidents);
    try {
      const timer = sweeper(w.probot);
      let measure = measureFrom(w.sim);
      await timer.tick();
      const first = measure();
      measure = measureFrom(w.sim);
      await timer.tick();
      const next = measure();
      console.log(
        `| ${pad(name, 33)} | ${pad(`${first.requests} (${first.counted})`, 20)} | ${next.requests} (${next.counted})`,
      );
    } finally {
      await w.close();
    }
  }

  console.log("\n## Config requests per command (the repository has .github/hotwash.yml, unchanged)\n");
  const w = await world(1, 1);
  try {
    const issue = w.sim.issues(w.repo)[0]?.number ?? 1;
    const route = "/repos/{owner}/{repo}/contents/{path}";
    for (const label of ["first /note", "second /note"]) {
      const before = w.sim.requests.length;
      const comment = w.sim.createComment(w.repo, issue, "/note still looking", "bob");
      await w.deliver(w.hooks.issueCommentCreated({ issue: w.sim.issue(w.repo, issue), comment }));
      const config = w.sim.requests.slice(before).filter((r) => r.route === route);
      console.log(
        `- ${label}: ${config.length} config request(s), ${config.filter((r) => r.status !== 304).length} counted, ${config.filter((r) => r.status === 304).length} answered 304`,
      );
    }
  } finally {
    await w.close();
  }
}
