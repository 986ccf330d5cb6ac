/**
 * Two `npm start` processes with the reminder timer on and one REDIS_URL: every tick, one of them
 * sweeps, and each overdue incident is reminded once.
 */
import { describe, expect, it, vi } from "vitest";
import { createSim, serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { startApp, withHotwashLabels } from "./built-app.js";
import { hasRedisServer, REDIS_MISSING, replicaSuite } from "./redis.js";

const REPO = "acme/shop";
const INTERVAL_MS = 4_200;
const available = hasRedisServer();
if (!available) console.warn(`test/app/sweep-replicas.test.ts: ${REDIS_MISSING}`);

/** The ticks a replica swept since `since` (each sweep logs the tick it belongs to). */
function ticksSwept(output: string, since: number): string[] {
  return output
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; time?: number; tick?: string }];
      } catch {
        return [];
      }
    })
    .filter((entry) => entry.msg === "reminder sweep done" && (entry.time ?? 0) >= since)
    .map((entry) => entry.tick ?? "");
}

describe.skipIf(!available)("two replicas with the reminder timer and one REDIS_URL", () => {
  const suite = replicaSuite();

  it("sweep once per tick between them: each overdue incident is reminded once", async () => {
    // The incidents were declared an hour ago: their status updates are overdue.
    let minutesAgo = 61;
    const sim = createSim({ now: () => new Date(Date.now() - minutesAgo * 60_000) });
    sim.createRepo(REPO);
    sim.setPermission(REPO, "bob", "write");
    withHotwashLabels(sim, REPO);
    const api = await serveSim(sim);
    const env = {
      REDIS_URL: suite.redisUrl(),
      HOTWASH_REMINDER_INTERVAL_MINUTES: String(INTERVAL_MS / 60_000),
    };
    const [a, b] = await Promise.all([
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
    ]);
    const issues: number[] = [];
    for (const [i, app] of [a, b].entries()) {
      const issue = sim.createIssue(REPO, { title: `Checkout errors ${i}`, as: "bob" });
      const comment = sim.createComment(REPO, issue.number, "/incident sev2 Checkout errors", "bob");
      expect([200, 202]).toContain(
        await app.deliver("issue_comment", hooks.issueCommentCreated({ issue, comment })),
      );
      issues.push(issue.number);
    }
    await vi.waitFor(
      () => expect(issues.every((n) => sim.issueLabels(REPO, n).includes("sev2"))).toBe(true),
      {
        timeout: 30_000,
        interval: 200,
      },
    );
    minutesAgo = 0;

    const reminded = (n: number) =>
      sim
        .comments(REPO, n)
        .filter((c) => c.user?.login === sim.botLogin && !c.body?.startsWith("<!-- hotwash:"))
        .filter((c) => c.body?.includes("a status update was due")).length;
    await vi.waitFor(() => expect(issues.map(reminded)).toEqual([1, 1]), { timeout: 20_000, interval: 200 });
    // Five more ticks with nothing due: nobody is reminded twice, and no tick is swept twice.
    const since = Date.now();
    await new Promise((done) => setTimeout(done, 5 * INTERVAL_MS + 2_000));
    expect(issues.map(reminded)).toEqual([1, 1]);
    const ticks = [...ticksSwept(a.output(), since), ...ticksSwept(b.output(), since)].sort();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
  }, 150_000);
});
