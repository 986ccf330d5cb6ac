/**
 * The App's reminder timer: one sweep per tick across all replicas. Every replica ticks at the
 * same moments (multiples of the interval since the epoch); the one that takes the sweep lock
 * sweeps every installation, and keeps the lock until half the interval has passed, so a replica
 * whose clock runs a little behind does not sweep the same tick again. The lock expires before
 * the next tick (its ttl is 90% of the interval): a replica that dies mid-sweep is replaced then.
 */
import { forEachInstallation, type AppAuth } from "../github/installations.js";
import type { Logger } from "../services/deps.js";
import { SweepMemory, sweepInstallation } from "../services/installation-sweep.js";
import { KeyedQueue } from "../services/keyed-queue.js";
import type { Locks } from "../services/locks.js";
import type { Trust } from "../services/trust-options.js";
import type { InFlight } from "./in-flight.js";

export const SWEEP_LOCK = "sweep";

export interface SweeperOptions {
  auth: AppAuth;
  intervalMs: number;
  work: InFlight;
  log: Logger;
  /** Shared by the replicas (Redis); the per-incident locks of the handlers too. Default: in-process. */
  locks?: Locks;
  /** The App's login and signing key, as its handlers have them. */
  identity?: () => Promise<string | null>;
  trust?: Trust;
  now?: () => Date;
  memory?: SweepMemory;
  /** Waits `ms` holding the sweep lock (default: a timer that does not keep the process alive). */
  hold?: (ms: number) => Promise<void>;
}

export interface TickReport {
  installations: number;
  incidents: number;
  reminders: number;
  failures: number;
}

export interface Sweeper {
  /** One tick; null when another replica (or a slow sweep of this one) has it. */
  tick(): Promise<TickReport | null>;
  /** Ticks at every multiple of the interval until the returned function is called. */
  start(): () => void;
}

export function createSweeper(options: SweeperOptions): Sweeper {
  const { auth, work, log } = options;
  const intervalMs = Math.round(options.intervalMs);
  const locks = options.locks ?? new KeyedQueue();
  const now = options.now ?? (() => new Date());
  const memory = options.memory ?? new SweepMemory();
  const hold = options.hold ?? wait;
  const ttlMs = Math.floor(intervalMs * 0.9);
  let running = false;

  async function sweepAll(): Promise<TickReport> {
    const report: TickReport = { installations: 0, incidents: 0, reminders: 0, failures: 0 };
    await forEachInstallation(
      auth,
      async (port) => {
        const outcome = await sweepInstallation(port, {
          now,
          log,
          memory,
          ...(options.locks ? { locks: options.locks } : {}),
          ...(options.trust ? { trust: options.trust } : {}),
        });
        report.installations++;
        report.incidents += outcome.incidents;
        report.reminders += outcome.reminders.length;
        report.failures += outcome.failures.length;
        if (outcome.reminders.length)
          log.info("reminders posted", { account: port.account, reminders: outcome.reminders });
      },
      (installation, error) => {
        report.failures++;
        log.warn("reminder sweep failed for an installation", {
          account: installation.account?.login,
          error: String(error),
        });
      },
      options.identity ? { identity: options.identity } : {},
    );
    return report;
  }

  async function tick(): Promise<TickReport | null> {
    // One sweep at a time in a process: a slow sweep is skipped over, not stacked.
    if (running) return null;
    running = true;
    try {
      const started = now().getTime();
      const tickStart = started - (started % intervalMs);
      return await locks.tryLock(SWEEP_LOCK, ttlMs, async () => {
        const report = await work
          .track(() => sweepAll())
          .catch((error: unknown) => {
            log.warn("reminder sweep failed", { error: String(error) });
            return null;
          });
        // One line a tick for the whole fleet: the replica that swept.
        if (report)
          log.info("reminder sweep done", {
            ...report,
            tick: new Date(tickStart).toISOString(),
            ms: now().getTime() - started,
          });
        await hold(tickStart + intervalMs / 2 - now().getTime());
        return report;
      });
    } finally {
      running = false;
    }
  }

  return {
    tick,
    start() {
      let interval: ReturnType<typeof setInterval> | undefined;
      const run = () => void tick();
      const first = setTimeout(
        () => {
          run();
          interval = setInterval(run, intervalMs);
          interval.unref();
        },
        intervalMs - (now().getTime() % intervalMs),
      );
      first.unref();
      return () => {
        clearTimeout(first);
        clearInterval(interval);
      };
    },
  };
}

function wait(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((done) => setTimeout(done, ms).unref());
}
