import { describe, expect, it, vi } from "vitest";
import type { GitHubSim } from "../../src/sim/index.js";
import { createSim, serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { startApp, withHotwashLabels } from "./built-app.js";
import { hasRedisServer, REDIS_MISSING, replicaSuite } from "./redis.js";

const REPO = "acme/shop";
const available = hasRedisServer();
if (!available) console.warn(`test/app/replicas.test.ts: ${REDIS_MISSING}`);

/** When each write request (not a token exchange) reached GitHub. */
function recordWrites(sim: GitHubSim): number[] {
  const at: number[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = (req) => {
    if (req.method !== "GET" && !req.url.includes("/access_tokens")) at.push(Date.now());
    return handle(req);
  };
  return at;
}

describe.skipIf(!available)("two `npm start` replicas sharing one REDIS_URL", () => {
  const suite = replicaSuite();

  it("both start, answer /ping, handle webhooks and keep one write rate between them", async () => {
    let minutesAgo = 10;
    const sim = createSim({ now: () => new Date(Date.now() - minutesAgo * 60_000) });
    sim.createRepo(REPO);
    sim.setPermission(REPO, "bob", "write");
    withHotwashLabels(sim, REPO);
    const api = await serveSim(sim);
    const env = { REDIS_URL: suite.redisUrl() };
    const [a, b] = await Promise.all([
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
    ]);
    for (const app of [a, b]) expect(await (await fetch(`${app.url}/ping`)).text()).toBe("PONG");

    // One incident declared through each replica at once: by adding the label, and by command.
    const reported = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    minutesAgo = 0;
    sim.addLabels(REPO, reported.number, ["incident"], "bob");
    const labeled = sim.issue(REPO, reported.number);
    const commanded = sim.createIssue(REPO, { title: "Payments slow", as: "bob" });
    const command = sim.createComment(REPO, commanded.number, "/incident sev2", "bob");
    const writes = recordWrites(sim);
    const statuses = await Promise.all([
      a.deliver(
        "issues",
        hooks.issuesLabeled({ issue: labeled, label: "incident", sender: sim.user("bob") }),
      ),
      b.deliver("issue_comment", hooks.issueCommentCreated({ issue: commanded, comment: command })),
    ]);
    // 202: Probot answers "still processing" after 9 s and carries on; the throttle makes that likely here.
    for (const status of statuses) expect([200, 202]).toContain(status);
    await vi.waitFor(
      () => {
        expect(sim.issueLabels(REPO, labeled.number)).toContain("status:investigating");
        expect(sim.issueLabels(REPO, commanded.number).sort()).toEqual([
          "incident",
          "sev2",
          "status:investigating",
        ]);
      },
      { timeout: 30_000, interval: 200 },
    );
    // Probot spaces an installation's writes a second apart; through Redis that holds across both
    // replicas (each alone would write at its own pace, side by side).
    expect(writes.length).toBeGreaterThanOrEqual(6);
    const span = (writes.at(-1) ?? 0) - (writes[0] ?? 0);
    expect(span).toBeGreaterThan((writes.length - 1) * 800);

    // The other replica carries on the first incident: its state is on GitHub, not in a process.
    const note = sim.createComment(REPO, labeled.number, "/note failover to the replica database", "bob");
    expect([200, 202]).toContain(
      await b.deliver(
        "issue_comment",
        hooks.issueCommentCreated({ issue: sim.issue(REPO, labeled.number), comment: note }),
      ),
    );
    await vi.waitFor(() => expect(sim.reactionsBy(REPO, note.id, sim.botLogin)).toEqual(["eyes", "rocket"]), {
      timeout: 30_000,
      interval: 200,
    });
    const board = sim.comments(REPO, labeled.number).find((c) => c.body?.includes("<!-- hotwash:board -->"));
    expect(board?.body).toContain("failover to the replica database");
  }, 120_000);
});
