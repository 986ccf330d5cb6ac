import { LockBusyError, type Lease, type Locks } from "./locks.js";

/** One key's holder and everyone queued behind it. */
interface Slot {
  /** Settles when the last one queued so far is done: the next arrival waits for it. */
  tail: Promise<void>;
  /** Holders and waiters: the key is forgotten when this reaches 0. */
  count: number;
  /** For a tryLock holder: when it stops counting as the holder. */
  expiresAt: number | null;
}

export interface KeyedQueueOptions {
  /** How long a waiter waits before giving up with LockBusyError. Default 5 minutes. */
  maxWaitMs?: number;
}

const DEFAULT_MAX_WAIT_MS = 5 * 60_000;

/**
 * Locks within one process: each key's work runs one at a time in arrival order, different keys
 * side by side. A key takes memory only while someone holds or waits for it.
 */
export class KeyedQueue implements Locks {
  readonly #slots = new Map<string, Slot>();
  readonly #maxWaitMs: number;

  constructor(options: KeyedQueueOptions = {}) {
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /** Keys someone holds or waits for. */
  get size(): number {
    return this.#slots.size;
  }

  async withLock<T>(key: string, fn: (lease: Lease) => Promise<T>): Promise<T> {
    const { slot, previous, release } = this.#enqueue(key);
    try {
      await waitAtMost(previous, this.#maxWaitMs);
      slot.expiresAt = null;
      return await fn(ALWAYS_HELD);
    } finally {
      release();
    }
  }

  async tryLock<T>(key: string, ttlMs: number, fn: (lease: Lease) => Promise<T>): Promise<T | null> {
    const held = this.#slots.get(key);
    if (held) {
      if (held.expiresAt === null || Date.now() < held.expiresAt) return null;
      // Its holder outlived its ttl (hung): as with a dead holder in Redis, the key is free again.
      this.#slots.delete(key);
    }
    const { slot, release } = this.#enqueue(key);
    const expiresAt = Date.now() + ttlMs;
    slot.expiresAt = expiresAt;
    try {
      return await fn({ stillHeld: () => Date.now() < expiresAt && this.#slots.get(key) === slot });
    } finally {
      release();
    }
  }

  #enqueue(key: string): { slot: Slot; previous: Promise<void>; release: () => void } {
    const slot = this.#slots.get(key) ?? { tail: Promise.resolve(), count: 0, expiresAt: null };
    this.#slots.set(key, slot);
    const previous = slot.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    // The next one waits for everyone before this one too, even if this one gives up waiting.
    slot.tail = previous.then(() => mine);
    slot.count++;
    let released = false;
    return {
      slot,
      previous,
      release: () => {
        if (released) return;
        released = true;
        done();
        if (--slot.count === 0 && this.#slots.get(key) === slot) this.#slots.delete(key);
      },
    };
  }
}

const ALWAYS_HELD: Lease = { stillHeld: () => true };

async function waitAtMost(turn: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LockBusyError(ms)), ms);
  });
  try {
    await Promise.race([turn, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
