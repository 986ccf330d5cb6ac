/**
 * One incident's commands spread over two `npm start` replicas that share a real redis-server:
 * the lock in Redis makes them take turns, so the result is the serial one.
 */
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { boardState } from "../../src/core/incident/log.js";
import {
  answered,
  boardEvents,
  boards,
  burstCommands,
  comparable,
  deliverBurst,
  missingFromBoard,
  seedRepo,
  timeUntil,
  type Post,
} from "../support/burst.js";
import { createSim, serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { startApp, type AppProcess } from "./built-app.js";
import { hasRedisServer, REDIS_MISSING, replicaSuite } from "./redis.js";
import { declare, serialResult } from "./serial-result.js";

const REPO = "acme/shop";
const available = hasRedisServer();
if (!available) console.warn(`test/app/replicas-concurrency.test.ts: ${REDIS_MISSING}`);

/** Deliveries alternate between the replicas, as a load balancer spreads them. */
function roundRobin(replicas: AppProcess[]): Post {
  let next = 0;
  return (event, payload) => replicas[next++ % replicas.length]!.deliver(event, payload);
}

describe.skipIf(!available)("two `npm start` replicas sharing one REDIS_URL, on one incident", () => {
  const suite = replicaSuite();

  async function replicas() {
    const sim = createSim();
    seedRepo(sim, REPO);
    const api = await serveSim(sim);
    const env = { REDIS_URL: suite.redisUrl() };
    const apps = await Promise.all([
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
      startApp(suite.dir(), { appId: sim.app.id, gheHost: api.host, env }),
    ]);
    return { sim, post: roundRobin(apps) };
  }

  it("end 20 commands posted at once as delivering them one at a time would", async () => {
    const { sim, post } = await replicas();
    const issue = await declare(sim, { post }, REPO);
    const burst = deliverBurst(sim, REPO, issue, post, burstCommands());
    setTimeout(() => sim.addLabels(REPO, issue, ["customer-impact"], "alice"), 1_000);
    await burst.delivered;
    await timeUntil(() => burst.ids.every((id) => answered(sim, REPO, id)), 240_000);

    expect(burst.ids.map((id) => sim.reactionsBy(REPO, id, sim.botLogin).at(-1))).toEqual(
      burst.ids.map(() => "rocket"),
    );
    expect(boards(sim, REPO, issue)).toHaveLength(1);
    expect(missingFromBoard(sim, REPO, issue, burst.ids)).toEqual([]);
    const state = boardState(readBoardData(boards(sim, REPO, issue)[0] ?? "")!);
    expect(state).toMatchObject({ severity: "sev1", status: "identified", commander: "bob" });
    expect(sim.issueLabels(REPO, issue).sort()).toEqual([
      "customer-impact",
      "incident",
      "sev1",
      "status:identified",
    ]);
    expect(sim.issueAssignees(REPO, issue)).toEqual(["bob"]);
    const serial = await serialResult(REPO);
    expect(comparable(boardEvents(sim, REPO, issue))).toEqual(serial.events);
    // The write queue the replicas shared is the installation's own, not one for every installation.
    const redisClient = new Redis(suite.redisUrl());
    const queues = await redisClient.keys("b_octokit-write-*_settings");
    redisClient.disconnect();
    expect(queues).toEqual([`b_octokit-write-${sim.installationId}_settings`]);
  }, 360_000);

  it("make one incident of two declarations that reach different replicas at once", async () => {
    const { sim, post } = await replicas();
    const issue = sim.createIssue(REPO, { title: "Payments failing", as: "bob" });
    const first = sim.createComment(REPO, issue.number, "/incident sev2 Payments failing", "bob");
    const second = sim.createComment(REPO, issue.number, "/incident sev2", "alice");
    await Promise.all(
      [first, second].map((comment) => post("issue_comment", hooks.issueCommentCreated({ issue, comment }))),
    );
    await timeUntil(() => answered(sim, REPO, first.id) && answered(sim, REPO, second.id), 60_000);

    expect(boards(sim, REPO, issue.number)).toHaveLength(1);
    expect(boardEvents(sim, REPO, issue.number).filter((e) => e.type === "declared")).toHaveLength(1);
    expect(sim.issueLabels(REPO, issue.number).sort()).toEqual(["incident", "sev2", "status:investigating"]);
  }, 120_000);
});
