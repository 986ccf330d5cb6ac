/**
 * Incidents under concurrent load, through the App as shipped: Probot with its throttling and
 * retries on, signed webhooks over loopback HTTP, the simulator answering after a 50 ms round trip.
 * - 20 commands posted at once on one incident: entries lost (must be 0), time until the board
 *   shows them all;
 * - two installations: a `/note` on B alone, and while A's 20-command burst runs.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot } from "probot";
import { createHotwash } from "../../src/app/index.js";
import { GitHubSim, startHttpServer } from "../../src/sim/index.js";
import { webhookHeaders } from "../../src/sim/sign.js";
import { webhookBuilders } from "../../src/sim/webhooks.js";
import {
  answered,
  boards,
  burstCommands,
  deliverBurst,
  missingFromBoard,
  seedRepo,
  timeUntil,
  type Post,
} from "../support/burst.js";

const RTT = 50;
const A = "acme/shop";
const B = "globex/web";
const SECRET = "bench-secret";

interface Served {
  sim: GitHubSim;
  post: Post;
  close(): Promise<void>;
}

/** Two installations (A: acme, id 1; B: globex, id 2) of one App process, as `npm start` runs it. */
async function serve(): Promise<Served> {
  const sim = new GitHubSim({ app: { moreInstallationIds: [2] } });
  seedRepo(sim, A);
  seedRepo(sim, B);
  const api = await startHttpServer(sim);
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const probot = new Probot({
    appId: sim.app.id,
    privateKey,
    secret: SECRET,
    baseUrl: `${api.url}/api/v3`,
    logLevel: "fatal",
  });
  const middleware = await createNodeMiddleware(createHotwash({ reminderIntervalMinutes: 0 }), { probot });
  const server: Server = createServer((req, res) => void middleware(req, res));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  return {
    sim,
    async post(event, payload) {
      const body = JSON.stringify(payload);
      const response = await fetch(url, {
        method: "POST",
        headers: webhookHeaders(SECRET, event, body, randomUUID()),
        body,
      });
      await response.text();
      return response.status;
    },
    async close() {
      await new Promise((done) => server.close(done));
      await api.close();
    },
  };
}

/** An incident declared (not measured), the round trip switched on after. */
async function declared(s: Served, repo: string, installationId: number): Promise<number> {
  const issue = s.sim.createIssue(repo, { title: "Checkout errors", as: "bob" }).number;
  const comment = s.sim.createComment(repo, issue, "/incident sev3 Checkout errors", "alice");
  const hooks = webhookBuilders(() => s.sim.repository(repo));
  await s.post(
    "issue_comment",
    hooks.issueCommentCreated({ issue: s.sim.issue(repo, issue), comment, installationId }),
  );
  await timeUntil(() => answered(s.sim, repo, comment.id), 60_000);
  return issue;
}

/** `/note` on B: milliseconds from its webhook until its 🚀. */
async function noteOnB(s: Served, issue: number): Promise<number> {
  const hooks = webhookBuilders(() => s.sim.repository(B));
  const comment = s.sim.createComment(B, issue, "/note checkout recovered in us-east", "carol");
  const start = performance.now();
  void s.post(
    "issue_comment",
    hooks.issueCommentCreated({ issue: s.sim.issue(B, issue), comment, installationId: 2 }),
  );
  return timeUntil(() => answered(s.sim, B, comment.id), 300_000, start);
}

export async function concurrency(): Promise<void> {
  console.log(`\n## Concurrency: the App as shipped (Probot throttling on), round trip ${RTT} ms\n`);
  const s = await serve();
  try {
    const [a, b] = [await declared(s, A, 1), await declared(s, B, 2)];
    s.sim.latencyMs = RTT;
    const alone = await noteOnB(s, b);

    const start = performance.now();
    const burst = deliverBurst(s.sim, A, a, s.post, burstCommands(), { installationId: 1 });
    const { ids } = burst;
    let measuring = true;
    const showsAll = timeUntil(
      () => !measuring || missingFromBoard(s.sim, A, a, ids).length === 0,
      600_000,
      start,
    ).catch(() => null);
    // B's note once A's burst is under way.
    await new Promise((done) => setTimeout(done, 500));
    const during = await noteOnB(s, b);
    await burst.delivered;
    const answeredMs = await timeUntil(() => ids.every((id) => answered(s.sim, A, id)), 600_000, start);
    // Give racing handlers a moment to finish their read-backs and label writes.
    await new Promise((done) => setTimeout(done, 3_000));
    measuring = false;
    const lost = missingFromBoard(s.sim, A, a, ids).length;
    const shownMs = lost ? null : await showsAll;
    const shown = shownMs === null ? "never" : `${(shownMs / 1000).toFixed(1)} s`;
    const labels = s.sim.issueLabels(A, a).sort().join(", ");
    console.log(`- 20 concurrent commands on one incident (4 changes, 16 notes, 0–20 ms apart):`);
    console.log(
      `  - entries lost: ${lost} of ${ids.length}; boards on the issue: ${boards(s.sim, A, a).length}`,
    );
    console.log(
      `  - every command answered after ${(answeredMs / 1000).toFixed(1)} s; board shows all: ${shown}`,
    );
    console.log(`  - labels after: ${labels}; assignees: ${s.sim.issueAssignees(A, a).join(", ")}`);
    console.log(
      `- cross-installation delay: /note on B alone ${(alone / 1000).toFixed(1)} s, during A's burst ${(during / 1000).toFixed(1)} s (${(during / alone).toFixed(2)}×)`,
    );
  } finally {
    await s.close();
  }
}
