import { UserFacingError } from "./replies.js";

/**
 * Mutual exclusion for work that must not interleave: one incident's events (handled one at a time)
 * and the reminder sweep (one per tick across replicas). Faces choose the implementation: a keyed
 * queue in one process (src/services/keyed-queue.ts), Redis across replicas (src/app/redis-locks.ts).
 */
export interface Locks {
  /** Runs `fn` once nobody else holds `key`, holding it until `fn` settles. */
  withLock<T>(key: string, fn: (lease: Lease) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` only if `key` is free now, holding it for at most `ttlMs` (a holder that dies frees it
   * when that runs out); resolves null without running `fn` when someone else holds it.
   */
  tryLock<T>(key: string, ttlMs: number, fn: (lease: Lease) => Promise<T>): Promise<T | null>;
}

/** What the holder of a lock can ask while it works. */
export interface Lease {
  /**
   * False once the lock may have passed to someone else (its ttl ran out, or another holder took
   * it): the holder must not write what the lock protects after that.
   */
  stillHeld(): boolean;
}

/** Waited `maxWaitMs` for a lock and did not get it: the holder is alive and busy. */
export class LockBusyError extends UserFacingError {
  constructor(readonly waitedMs: number) {
    super(
      `Hotwash waited ${describeWait(waitedMs)} for the other commands on this incident to finish and gave up. Nothing was changed; post the command again.`,
    );
  }
}

/** The lock expired or passed to someone else while this handler held it. */
export class LockLostError extends UserFacingError {
  constructor() {
    super(
      "Hotwash lost its lock on this incident while handling this (the server stalled, or could not reach Redis), so it stopped before changing the board or labels. Another command may have changed the incident since; post the command again.",
    );
  }
}

function describeWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 60)} minutes`;
}
