/**
 * The App's reminder timer through Probot (app authentication, installation tokens, the
 * simulator over loopback): what a tick costs, and one sweep per tick across replicas that share
 * their locks, in-process and through a real redis-server.
 */
import { generateKeyPairSync } from "node:crypto";
import { Redis } from "ioredis";
import { createServer, type Socket } from "node:net";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InFlight } from "../../src/app/in-flight.js";
import { createRedisLocks } from "../../src/app/redis-locks.js";
import { createSweeper, type Sweeper } from "../../src/app/sweep.js";
import { appSelf } from "../../src/app/trust.js";
import type { AppAuth } from "../../src/github/installations.js";
import { IncidentLabels } from "../../src/services/incident-labels.js";
import { SweepMemory } from "../../src/services/installation-sweep.js";
import { KeyedQueue } from "../../src/services/keyed-queue.js";
import type { Locks } from "../../src/services/locks.js";
import type { GitHubSim } from "../../src/sim/index.js";
import { startApp } from "../support/probot-app.js";
import { createSim, serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type RedisServer } from "./redis.js";

const REPO = "acme/shop";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const quiet = { info() {}, warn() {} };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A clock `offset` minutes ahead of real time, shared by the sim and the replicas. */
function aheadClock() {
  const clock = { offsetMs: 0 };
  return { clock, now: () => new Date(Date.now() + clock.offsetMs) };
}

/** A sim with `count` sev2 incidents declared through the App (Probot, signed webhooks). */
async function worldWithIncidents(count: number, now: () => Date) {
  const sim = createSim({ now });
  sim.createRepo(REPO);
  sim.addUser("bob");
  sim.setPermission(REPO, "bob", "write");
  sim.setFile(REPO, ".github/hotwash.yml", "timezone: UTC\n");
  const app = await startApp(sim);
  const issues: number[] = [];
  for (let i = 0; i < count; i++) {
    const issue = sim.createIssue(REPO, { title: `Checkout errors ${i}`, as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev2 Checkout errors", "bob");
    expect(await app.post("issue_comment", hooks.issueCommentCreated({ issue, comment }))).toBe(200);
    issues.push(issue.number);
  }
  return { sim, issues };
}

/** A replica's Probot, as `npm start` builds it, pointed at `baseUrl`. */
function probotAt(sim: GitHubSim, baseUrl: string): Probot {
  return new Probot({
    appId: sim.app.id,
    privateKey,
    baseUrl,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
}

function replica(
  probot: Probot,
  opts: {
    intervalMs: number;
    locks?: Locks;
    now: () => Date;
    hold?: (ms: number) => Promise<void>;
    work?: InFlight;
  },
): Sweeper {
  return createSweeper({
    auth: probot.auth.bind(probot) as AppAuth,
    // As index.ts passes them: the App's login (asked once), its signing key.
    ...appSelf(probot, {}),
    intervalMs: opts.intervalMs,
    work: opts.work ?? new InFlight(),
    log: quiet,
    now: opts.now,
    memory: new SweepMemory(new IncidentLabels()),
    ...(opts.locks ? { locks: opts.locks } : {}),
    ...(opts.hold ? { hold: opts.hold } : {}),
  });
}

function reminderComments(sim: GitHubSim, issues: number[]): number {
  return issues
    .flatMap((n) => sim.comments(REPO, n))
    .filter((c) => c.user?.login === sim.botLogin && !c.body?.startsWith("<!-- hotwash:"))
    .filter((c) => c.body?.includes("a status update was due")).length;
}

/** A GitHub that accepts connections and never answers: a replica talking to it hangs mid-sweep. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

const immediately = () => Promise.resolve();

describe("a tick of the App's reminder timer", () => {
  it("costs at most 5 requests for 50 open incidents with nothing due", async () => {
    const { now } = aheadClock();
    const { sim } = await worldWithIncidents(50, now);
    const api = await serveSim(sim);
    const sweeper = replica(probotAt(sim, api.gheUrl), { intervalMs: 5 * 60_000, now, hold: immediately });
    expect(await sweeper.tick()).toMatchObject({ installations: 1, incidents: 50, reminders: 0 });
    const before = sim.requests.length;
    expect(await sweeper.tick()).toMatchObject({ incidents: 50, reminders: 0, failures: 0 });
    const tick = sim.requests.slice(before).map((r) => `${r.method} ${r.route} ${r.status}`);
    expect(tick.length, tick.join("\n")).toBeLessThanOrEqual(5);
  });
});

function sharedLockTests(name: string, lockPair: () => Promise<[Locks, Locks]>) {
  describe(`two replicas sharing ${name}`, () => {
    it("sweep once per tick: one replica sweeps, the other skips", async () => {
      const { clock, now } = aheadClock();
      const { sim, issues } = await worldWithIncidents(3, now);
      clock.offsetMs = 61 * 60_000;
      const api = await serveSim(sim);
      const [la, lb] = await lockPair();
      const a = replica(probotAt(sim, api.gheUrl), { intervalMs: 60_000, locks: la, now, hold: immediately });
      const b = replica(probotAt(sim, api.gheUrl), { intervalMs: 60_000, locks: lb, now, hold: immediately });

      const ticks = await Promise.all([a.tick(), b.tick()]);
      expect(ticks.filter((t) => t !== null)).toHaveLength(1);
      expect(reminderComments(sim, issues)).toBe(3);
    });

    it("hold the lock past a quick sweep, so a replica whose clock is behind skips the same tick", async () => {
      const { clock, now } = aheadClock();
      const { sim, issues } = await worldWithIncidents(1, now);
      clock.offsetMs = 61 * 60_000;
      const api = await serveSim(sim);
      const [la, lb] = await lockPair();
      const intervalMs = 4_000;
      const work = new InFlight();
      const a = replica(probotAt(sim, api.gheUrl), { intervalMs, locks: la, now, work });
      const b = replica(probotAt(sim, api.gheUrl), { intervalMs, locks: lb, now });
      // At the start of a tick: a's sweep is over long before half the interval.
      await sleep(intervalMs - (now().getTime() % intervalMs) + 20);
      const first = a.tick();
      await sleep(20);
      await work.idle();
      // Well after a's sweep ended, and before half the interval.
      await sleep(200);
      expect(reminderComments(sim, issues)).toBe(1);
      expect(await b.tick()).toBeNull();
      expect((await first)?.reminders).toBeGreaterThan(0);
      expect(reminderComments(sim, issues)).toBe(1);
    });

    it("replace a replica that dies mid-sweep on the next tick", async () => {
      const { clock, now } = aheadClock();
      const { sim, issues } = await worldWithIncidents(2, now);
      clock.offsetMs = 61 * 60_000;
      const api = await serveSim(sim);
      const hole = await blackHole();
      try {
        const [la, lb] = await lockPair();
        const intervalMs = 600;
        const dead = replica(probotAt(sim, hole.url), { intervalMs, locks: la, now });
        const alive = replica(probotAt(sim, api.gheUrl), { intervalMs, locks: lb, now });
        void dead.tick();
        await sleep(50);
        expect(await alive.tick()).toBeNull();
        expect(reminderComments(sim, issues)).toBe(0);
        // The next tick: the dead replica's lock has run out (its ttl is shorter than the interval).
        await sleep(intervalMs);
        expect((await alive.tick())?.reminders).toBeGreaterThan(0);
        expect(reminderComments(sim, issues)).toBe(2);
      } finally {
        await hole.close();
      }
    });
  });
}

// Two App instances in one process sharing the process's queue.
sharedLockTests("one process's locks", () => {
  const locks = new KeyedQueue();
  return Promise.resolve([locks, locks]);
});

const available = hasRedisServer();
if (!available) console.warn(`test/app/sweep.test.ts: ${REDIS_MISSING}`);

describe.skipIf(!available)("with REDIS_URL", () => {
  let redis: RedisServer | undefined;
  const opened: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    // A lock a test's replica still holds (a dead one's, until its ttl) is not the next test's.
    const raw = new Redis(redis?.url ?? "");
    await raw.flushall();
    raw.disconnect();
  });
  afterAll(() => redis?.stop());

  // Each replica with its own connection to one redis-server, as two `npm start` processes have.
  sharedLockTests("a real redis-server", () => {
    const [a, b] = [createRedisLocks(redis?.url ?? ""), createRedisLocks(redis?.url ?? "")];
    opened.push(a, b);
    return Promise.resolve([a.locks, b.locks]);
  });
});
