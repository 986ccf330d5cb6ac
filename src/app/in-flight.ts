/**
 * Work the App has started and not finished: webhook handlers and reminder sweeps. A graceful stop
 * waits for it, because a handler can outlive its HTTP request (GitHub gets a 202 after 9 s and
 * Probot keeps handling).
 */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();
  readonly #closers: (() => Promise<void>)[] = [];

  get size(): number {
    return this.#pending.size;
  }

  /** Runs `work`, counting it as in flight until it settles; returns its promise unchanged. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.#pending.add(promise);
    const forget = (): void => void this.#pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves once nothing is in flight, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Something the work uses (the Redis connection for locks) to close once it is all done. */
  closeWhenDone(close: () => Promise<void>): void {
    this.#closers.push(close);
  }

  /** Waits until nothing is in flight, then closes what the work used. */
  async finish(): Promise<void> {
    await this.idle();
    await Promise.allSettled(this.#closers.splice(0).map((close) => close()));
  }
}

/** The process's App work: what `npm start` (src/app/server.ts) waits for before it exits. */
export const appWork = new InFlight();
