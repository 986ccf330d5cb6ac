import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/services/keyed-queue.js";
import { LockBusyError } from "../../src/services/locks.js";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("the in-process keyed queue", () => {
  it("runs one key's work one at a time, in arrival order", async () => {
    const queue = new KeyedQueue();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        queue.withLock("acme/shop#1", async () => {
          most = Math.max(most, ++running);
          await sleep(Math.random() * 5);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("runs different keys side by side", async () => {
    const queue = new KeyedQueue();
    let running = 0;
    let most = 0;
    await Promise.all(
      ["acme/shop#1", "acme/shop#2", "globex/web#1"].map((key) =>
        queue.withLock(key, async () => {
          most = Math.max(most, ++running);
          await sleep(20);
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it("passes a failure to its caller and carries on with the next", async () => {
    const queue = new KeyedQueue();
    const failed = queue.withLock("k", () => Promise.reject(new Error("GitHub is down")));
    const next = queue.withLock("k", () => Promise.resolve("ran"));
    await expect(failed).rejects.toThrow("GitHub is down");
    await expect(next).resolves.toBe("ran");
  });

  it("forgets a key once nobody holds or waits for it", async () => {
    const queue = new KeyedQueue();
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => queue.withLock(`repo#${i % 50}`, () => sleep(1))),
    );
    expect(queue.size).toBe(0);
  });

  it("gives up waiting after maxWaitMs without letting the next in before the holder is done", async () => {
    const queue = new KeyedQueue({ maxWaitMs: 100 });
    const events: string[] = [];
    const holder = queue.withLock("k", async () => {
      await sleep(200);
      events.push("holder done");
    });
    const impatient = queue.withLock("k", async () => void events.push("impatient ran"));
    // Watched from the start: its rejection at 100 ms is expected, not unhandled.
    const gaveUp = expect(impatient).rejects.toBeInstanceOf(LockBusyError);
    await sleep(150);
    // Queued behind the one that gave up at 100 ms: it still waits for the holder.
    const next = queue.withLock("k", async () => void events.push("next ran"));
    await gaveUp;
    await Promise.all([holder, next]);
    expect(events).toEqual(["holder done", "next ran"]);
    expect(queue.size).toBe(0);
  });

  it("tryLock runs only when the key is free, and a holder past its ttl no longer blocks it", async () => {
    const queue = new KeyedQueue();
    let release = () => {};
    const stuck = queue.tryLock("sweep", 50, (lease) => {
      return new Promise<boolean>((done) => (release = () => done(lease.stillHeld())));
    });
    expect(await queue.tryLock("sweep", 50, () => Promise.resolve("second"))).toBeNull();
    await sleep(70);
    expect(await queue.tryLock("sweep", 50, () => Promise.resolve("after the ttl"))).toBe("after the ttl");
    release();
    // The stuck holder learns it no longer holds the key.
    expect(await stuck).toBe(false);
    expect(queue.size).toBe(0);
  });

  it("tryLock returns null while withLock holds the key", async () => {
    const queue = new KeyedQueue();
    const held = queue.withLock("k", () => sleep(20));
    expect(await queue.tryLock("k", 1_000, () => Promise.resolve(1))).toBeNull();
    await held;
    expect(await queue.tryLock("k", 1_000, () => Promise.resolve(1))).toBe(1);
  });
});
