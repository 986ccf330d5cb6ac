import { describe, expect, it } from "vitest";
import { InFlight } from "../../src/app/in-flight.js";
import { gracefulStop } from "../../src/app/shutdown.js";

describe("a graceful stop", () => {
  it("closes what the handlers used (the Redis connection for locks) after they finish, before exiting", async () => {
    const work = new InFlight();
    const events: string[] = [];
    let finish = (): void => {};
    void work.track(() =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void events.push("handler done")),
    );
    work.closeWhenDone(async () => void events.push("redis closed"));
    const log = { info: () => {}, error: () => {} };
    const stopping = gracefulStop({
      server: { stop: async () => {} },
      work,
      log,
      exit: (code) => void events.push(`exit ${code}`),
    })("SIGTERM");
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    finish();
    await stopping;
    expect(events).toEqual(["handler done", "redis closed", "exit 0"]);
  });
});
