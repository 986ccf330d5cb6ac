/**
 * Locks shared by every App replica through `REDIS_URL`: `SET key token NX PX ttl` to take a key,
 * renewed while held, released by a compare-and-delete script (never another holder's lock). In
 * front of Redis, the process's own keyed queue: one process's waiters for a key wait in the
 * process, and only the first of them asks Redis.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../services/deps.js";
import { KeyedQueue } from "../services/keyed-queue.js";
import { LockBusyError, type Lease, type Locks } from "../services/locks.js";

export interface RedisLocksOptions {
  /** A holder that dies frees its lock after this long; live holders renew it every third of it. Default 30 s. */
  ttlMs?: number;
  /** How long a waiter waits for a live holder before giving up (LockBusyError). Default 5 minutes. */
  maxWaitMs?: number;
  /** Prefix of the Redis keys. Default `hotwash:lock:`. */
  prefix?: string;
  log?: Logger;
}

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Waits between attempts: 10 ms doubling to 250 ms, jittered so replicas do not retry in step. */
const backoff = (attempt: number) => Math.min(250, 10 * 2 ** attempt) * (0.5 + Math.random() / 2);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const ALWAYS_HELD: Lease = { stillHeld: () => true };

export class RedisLocks implements Locks {
  readonly #redis: Redis;
  readonly #local: KeyedQueue;
  readonly #ttlMs: number;
  readonly #maxWaitMs: number;
  readonly #prefix: string;
  readonly #log: Logger | undefined;

  constructor(redis: Redis, options: RedisLocksOptions = {}) {
    this.#redis = redis;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
    this.#prefix = options.prefix ?? "hotwash:lock:";
    this.#log = options.log;
    this.#local = new KeyedQueue({ maxWaitMs: this.#maxWaitMs });
  }

  withLock<T>(key: string, fn: (lease: Lease) => Promise<T>): Promise<T> {
    // One budget for waiting in the process and in Redis.
    const deadline = Date.now() + this.#maxWaitMs;
    return this.#local.withLock(key, async () => {
      const held = await this.#acquire(key, deadline);
      // Redis is unreachable: handle it anyway, in process order; the board's read-back-and-merge
      // still converges with other replicas. An incident tool that stops when Redis does would be worse.
      if (!held) return fn(ALWAYS_HELD);
      held.renewEvery(this.#ttlMs / 3);
      try {
        return await fn(held);
      } finally {
        await held.release();
      }
    });
  }

  tryLock<T>(key: string, ttlMs: number, fn: (lease: Lease) => Promise<T>): Promise<T | null> {
    return this.#local.tryLock(key, ttlMs, async (local) => {
      const token = randomUUID();
      const sentAt = Date.now();
      const taken = await this.#redis
        .set(this.#prefix + key, token, "PX", ttlMs, "NX")
        .catch((error: unknown) => {
          // Without Redis nobody can tell whether another replica runs it: skip; the next tick runs it.
          this.#log?.warn("Redis unreachable: skipped work that runs on one replica at a time", {
            key,
            error: String(error),
          });
          return null;
        });
      if (taken !== "OK") return null;
      // Not renewed: "at most ttlMs".
      const held = new Held(this.#redis, this.#prefix + key, token, ttlMs, sentAt, this.#log);
      try {
        return await fn({ stillHeld: () => local.stillHeld() && held.stillHeld() });
      } finally {
        await held.release();
      }
    });
  }

  /** Takes the key in Redis, waiting with backoff; null when Redis cannot be reached. */
  async #acquire(key: string, deadline: number): Promise<Held | null> {
    const name = this.#prefix + key;
    const token = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const sentAt = Date.now();
      try {
        if ((await this.#redis.set(name, token, "PX", this.#ttlMs, "NX")) === "OK")
          return new Held(this.#redis, name, token, this.#ttlMs, sentAt, this.#log);
      } catch (error) {
        this.#log?.warn("Redis unreachable: handling without the lock shared by replicas", {
          key,
          error: String(error),
        });
        return null;
      }
      if (Date.now() >= deadline) throw new LockBusyError(this.#maxWaitMs);
      await sleep(Math.min(backoff(attempt), Math.max(0, deadline - Date.now())));
    }
  }
}

/** A lock this process holds in Redis. */
class Held implements Lease {
  #validUntil: number;
  #lost = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly token: string,
    private readonly ttlMs: number,
    sentAt: number,
    private readonly log: Logger | undefined,
  ) {
    this.#validUntil = this.#until(sentAt);
  }

  /**
   * Held while no renewal has found someone else's token, and the last successful renewal (timed
   * from when it was sent, before Redis restarted the ttl) has not run out: a process that stalled
   * or lost Redis past the ttl knows, without asking Redis, that the lock may be gone.
   */
  stillHeld(): boolean {
    return !this.#lost && Date.now() < this.#validUntil;
  }

  renewEvery(ms: number): void {
    this.#timer = setInterval(() => void this.#renew(), ms);
    this.#timer.unref();
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    try {
      await this.redis.eval(RELEASE, 1, this.name, this.token);
    } catch (error) {
      // The ttl frees it.
      this.log?.warn("could not release a lock in Redis", { key: this.name, error: String(error) });
    }
  }

  async #renew(): Promise<void> {
    const sentAt = Date.now();
    try {
      if ((await this.redis.eval(RENEW, 1, this.name, this.token, this.ttlMs)) === 1)
        this.#validUntil = this.#until(sentAt);
      else this.#lost = true;
    } catch {
      // Unreachable for now: the lease runs out on its own unless a later renewal succeeds.
    }
  }

  /** The ttl less a margin for the two clocks' drift. */
  #until(sentAt: number): number {
    return sentAt + this.ttlMs - (2 + this.ttlMs / 100);
  }
}

/**
 * Locks on their own Redis connection (one per process): a command fails fast when Redis is down
 * instead of queueing, so handlers go on without it. `close()` ends the connection at shutdown.
 */
export function createRedisLocks(
  url: string,
  options: RedisLocksOptions = {},
): { locks: RedisLocks; close(): Promise<void> } {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, commandTimeout: 5_000 });
  let reported = false;
  redis.on("error", (error: Error) => {
    // ioredis retries the connection on its own; say it once per outage.
    if (!reported) options.log?.warn("Redis connection failed; retrying", { error: String(error) });
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return {
    locks: new RedisLocks(redis, options),
    async close() {
      if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
