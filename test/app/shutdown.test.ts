import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { InFlight } from "../../src/app/in-flight.js";
import { gracefulStop } from "../../src/app/shutdown.js";
import { createSim, serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { builtApp, startApp, stopApps, withHotwashLabels } from "./built-app.js";

const REPO = "acme/shop";

describe("`npm start` on SIGTERM", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await builtApp();
  }, 180_000);
  afterEach(stopApps);

  it("stops taking connections, finishes the webhook in flight, then exits 0", async () => {
    // Every GitHub request takes 150 ms, so the declaration is still running when the signal lands.
    const sim = createSim({ latencyMs: 150 });
    sim.createRepo(REPO);
    sim.setPermission(REPO, "bob", "write");
    withHotwashLabels(sim, REPO);
    const api = await serveSim(sim);
    const app = await startApp(dir, { appId: sim.app.id, gheHost: api.host });
    const issue = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev2", "bob");

    const delivered = app.deliver("issue_comment", hooks.issueCommentCreated({ issue, comment }));
    await vi.waitFor(() => expect(sim.requests.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 20,
    });
    // What `docker stop` and Kubernetes do: SIGTERM to the container's first process, npm.
    process.kill(app.pid, "SIGTERM");
    let answered = false;
    const settle = () => (answered = true);
    delivered.then(settle, settle);
    // New connections are refused at once (a load balancer moves on), while the webhook goes on.
    await vi.waitFor(() => expect(fetch(`${app.url}/ping`), "GET /ping after SIGTERM").rejects.toThrow(), {
      timeout: 5_000,
      interval: 50,
    });
    expect(answered).toBe(false);

    await expect(delivered).resolves.toBe(200);
    const answeredAt = Date.now();
    expect(await app.exited).toEqual({ code: 0, signal: null });
    // Kept-alive connections are closed after their response, not left to time out.
    expect(Date.now() - answeredAt).toBeLessThan(2_000);
    expect(sim.issueLabels(REPO, issue.number).sort()).toEqual(["incident", "sev2", "status:investigating"]);
    expect(sim.reactionsBy(REPO, comment.id, sim.botLogin)).toEqual(["eyes", "rocket"]);
    expect(app.output()).toContain("stopping: finishing in-flight webhooks");
  }, 60_000);
});

describe("the graceful stop", () => {
  it("waits for a handler that outlives its HTTP response (GitHub got a 202 after 9 s)", async () => {
    const work = new InFlight();
    let finish = (): void => {};
    void work.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const exits: number[] = [];
    const lines: string[] = [];
    const log = {
      info: (_: unknown, msg: string) => lines.push(msg),
      error: (_: unknown, msg: string) => lines.push(msg),
    };
    const stop = gracefulStop({
      server: { stop: async () => {} },
      work,
      log,
      exit: (code) => exits.push(code),
    });

    const stopping = stop("SIGTERM");
    void stop("SIGINT"); // npm forwards a terminal's Ctrl-C a second time: ignored
    await new Promise((r) => setTimeout(r, 50));
    expect(exits).toEqual([]);
    finish();
    await stopping;
    expect(exits).toEqual([0]);
    expect(lines).toEqual(["stopping: finishing in-flight webhooks", "stopped"]);
  });

  it("exits 1 and says why when the server cannot stop", async () => {
    const exits: number[] = [];
    const lines: string[] = [];
    const log = {
      info: (_: unknown, msg: string) => lines.push(msg),
      error: (_: unknown, msg: string) => lines.push(msg),
    };
    const server = { stop: () => Promise.reject(new Error("ERR_SERVER_NOT_RUNNING")) };
    await gracefulStop({ server, work: new InFlight(), log, exit: (code) => exits.push(code) })("SIGTERM");
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toBe("stopping failed");
  });
});
