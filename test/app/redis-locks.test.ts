/** The per-incident lock across replicas, against a real redis-server. */
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisLocks, type RedisLocks } from "../../src/app/redis-locks.js";
import { LockBusyError } from "../../src/services/locks.js";
import { freePort } from "./built-app.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type RedisServer } from "./redis.js";

const available = hasRedisServer();
if (!available) console.warn(`test/app/redis-locks.test.ts: ${REDIS_MISSING}`);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A promise and the function that resolves it. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = (): void => {};
  const fired = new Promise<void>((done) => (fire = done));
  return { fired, fire };
}

/** Takes `key` with withLock and resolves once it holds it; `release` lets it go. */
async function holding(locks: RedisLocks, key: string) {
  let release = (): void => {};
  const started = signal();
  const held = locks.withLock(key, () => {
    started.fire();
    return new Promise<void>((done) => (release = done));
  });
  await started.fired;
  return { release: () => release(), held };
}

describe.skipIf(!available)("the Redis lock", () => {
  let redis: RedisServer | undefined;
  let raw: Redis;
  const opened: { close(): Promise<void> }[] = [];
  /** A replica's locks: its own connection, as each `npm start` process has. */
  const replica = (options: Parameters<typeof createRedisLocks>[1] = {}): RedisLocks => {
    const made = createRedisLocks(redis?.url ?? "", options);
    opened.push(made);
    return made.locks;
  };

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    await raw.flushall();
  });
  afterAll(async () => {
    raw.disconnect();
    await redis?.stop();
  });

  it("lets one holder in at a time across replicas, under contention", async () => {
    const replicas = [replica(), replica(), replica()];
    let running = 0;
    let most = 0;
    let counter = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        replicas[i % 3]!.withLock("acme/shop#1", async () => {
          most = Math.max(most, ++running);
          // Read, wait, write: lost updates show if two ever overlap.
          const seen = counter;
          await sleep(Math.random() * 5);
          counter = seen + 1;
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(counter).toBe(30);
    expect(await raw.keys("*lock*")).toEqual([]);
  });

  it("keeps the lock while the holder works past its ttl, by renewing it", async () => {
    const [a, b] = [replica({ ttlMs: 300 }), replica({ ttlMs: 300 })];
    const started = signal();
    const held = a.withLock("acme/shop#1", async (lease) => {
      started.fire();
      await sleep(1_000);
      return lease.stillHeld();
    });
    await started.fired;
    for (let i = 0; i < 5; i++) {
      expect(await b.tryLock("acme/shop#1", 1_000, () => Promise.resolve("b"))).toBeNull();
      await sleep(150);
    }
    expect(await held).toBe(true);
  });

  it("frees the lock of a holder that died when its ttl runs out", async () => {
    // A replica that took the lock and was killed: nothing will ever release or renew it.
    await raw.set("hotwash:lock:acme/shop#1", "dead-replica", "PX", 400);
    const start = Date.now();
    const ran = await replica().withLock("acme/shop#1", () => Promise.resolve(Date.now() - start));
    expect(ran).toBeGreaterThanOrEqual(300);
    expect(ran).toBeLessThan(2_000);
  });

  it("never deletes a lock another holder took after its own expired", async () => {
    const [a, b] = [replica(), replica()];
    // a holds for longer than its 200 ms ttl (tryLock does not renew), and b takes over meanwhile.
    const aHolds = signal();
    const slow = a.tryLock("sweep", 200, async (lease) => {
      aHolds.fire();
      await sleep(400);
      return lease.stillHeld();
    });
    await aHolds.fired;
    await sleep(250);
    const bHolds = signal();
    let releaseB = () => {};
    const taken = b.tryLock("sweep", 5_000, () => {
      bHolds.fire();
      return new Promise<string>((done) => (releaseB = () => done("b")));
    });
    await Promise.race([bHolds.fired, taken.then(() => Promise.reject(new Error("b did not get the lock")))]);
    expect(await slow).toBe(false);
    // a has finished and released: b's lock is still there.
    expect(await raw.pttl("hotwash:lock:sweep")).toBeGreaterThan(1_000);
    expect(await replica().tryLock("sweep", 1_000, () => Promise.resolve("c"))).toBeNull();
    releaseB();
    expect(await taken).toBe("b");
    expect(await raw.exists("hotwash:lock:sweep")).toBe(0);
  });

  it("tryLock returns null without running when someone holds the key, and runs when it is free", async () => {
    const [a, b] = [replica(), replica()];
    let ran = false;
    const { release, held } = await holding(a, "sweep");
    expect(await b.tryLock("sweep", 1_000, async () => (ran = true))).toBeNull();
    expect(ran).toBe(false);
    release();
    await held;
    expect(await b.tryLock("sweep", 1_000, async () => (ran = true))).toBe(true);
  });

  it("tells the holder it lost the lock when someone else has it now", async () => {
    const a = replica({ ttlMs: 300 });
    const held = a.withLock("acme/shop#1", async (lease) => {
      const before = lease.stillHeld();
      // The key expired while this process was stalled, and another replica took it.
      await raw.set("hotwash:lock:acme/shop#1", "other-replica", "PX", 5_000);
      await sleep(300);
      return { before, after: lease.stillHeld() };
    });
    expect(await held).toEqual({ before: true, after: false });
    // Its release left the other replica's lock alone.
    expect(await raw.get("hotwash:lock:acme/shop#1")).toBe("other-replica");
  });

  it("gives up after maxWaitMs when a live holder keeps the lock", async () => {
    const [a, b] = [replica(), replica({ maxWaitMs: 300 })];
    const { release, held } = await holding(a, "acme/shop#1");
    await expect(b.withLock("acme/shop#1", () => Promise.resolve())).rejects.toBeInstanceOf(LockBusyError);
    release();
    await held;
  });

  it("queues one process's waiters in the process, so only one of them asks Redis at a time", async () => {
    const a = replica();
    const b = replica();
    const { release, held } = await holding(a, "acme/shop#1");
    const monitor = await raw.monitor();
    const sets: string[] = [];
    monitor.on("monitor", (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === "set") sets.push(args[1] ?? "");
    });
    const waiters = Array.from({ length: 10 }, () => b.withLock("acme/shop#1", () => sleep(1)));
    await sleep(300);
    const whileHeld = sets.length;
    release();
    await Promise.all([held, ...waiters]);
    monitor.disconnect();
    // One waiter polling with backoff, not ten.
    expect(whileHeld).toBeLessThan(15);
  });

  it("runs the work anyway when Redis cannot be reached (in-process order still holds)", async () => {
    const port = await freePort();
    const made = createRedisLocks(`redis://127.0.0.1:${port}`, { maxWaitMs: 2_000 });
    opened.push(made);
    const start = Date.now();
    expect(await made.locks.withLock("acme/shop#1", () => Promise.resolve("ran"))).toBe("ran");
    expect(Date.now() - start).toBeLessThan(5_000);
    // The sweep is skipped instead: the next tick runs it.
    expect(await made.locks.tryLock("sweep", 1_000, () => Promise.resolve("swept"))).toBeNull();
  });
});
