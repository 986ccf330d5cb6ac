/**
 * An incident under real load, through one App process as shipped: Probot's throttling on, signed
 * webhooks, 20 commands posted at once (0–20 ms apart), and another customer's installation busy
 * at the same time.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { boardState } from "../../src/core/incident/log.js";
import type { GitHubSim } from "../../src/sim/index.js";
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
} from "../support/burst.js";
import { startApp, type TestApp } from "../support/probot-app.js";
import { declare, serialResult } from "./serial-result.js";
import { createSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

const A = "acme/shop";
const B = "globex/web";

/** Milliseconds from a `/note`'s webhook on installation B until its 🚀. */
async function noteOnB(sim: GitHubSim, app: TestApp, issue: number): Promise<number> {
  const comment = sim.createComment(B, issue, "/note checkout recovered in us-east", "carol");
  const start = performance.now();
  void app.post(
    "issue_comment",
    hooks.issueCommentCreated({ issue: sim.issue(B, issue), comment, installationId: 2 }),
  );
  return timeUntil(() => answered(sim, B, comment.id), 120_000, start);
}

describe("20 commands at once on one incident, while another installation is busy", () => {
  let sim: GitHubSim;
  let incident = 0;
  let ids: number[] = [];
  let alone = 0;
  let during = 0;

  beforeAll(async () => {
    sim = createSim({ app: { moreInstallationIds: [2] } });
    seedRepo(sim, A);
    seedRepo(sim, B);
    const app = await startApp(sim, { throttled: true });
    incident = await declare(sim, app, A);
    const onB = await declare(sim, app, B, 2);
    alone = await noteOnB(sim, app, onB);

    const burst = deliverBurst(sim, A, incident, app.post, burstCommands(), { installationId: 1 });
    ids = burst.ids;
    // A person labels the incident while Hotwash works through the burst.
    setTimeout(() => sim.addLabels(A, incident, ["customer-impact"], "alice"), 1_000);
    await new Promise((done) => setTimeout(done, 500));
    during = await noteOnB(sim, app, onB);
    await burst.delivered;
    await timeUntil(() => ids.every((id) => answered(sim, A, id)), 240_000);
  }, 300_000);

  it("keeps every command on one board, as delivering them one at a time would", async () => {
    expect(ids.map((id) => sim.reactionsBy(A, id, sim.botLogin).at(-1))).toEqual(ids.map(() => "rocket"));
    expect(boards(sim, A, incident)).toHaveLength(1);
    expect(missingFromBoard(sim, A, incident, ids)).toEqual([]);
    const serial = await serialResult(A);
    expect(comparable(boardEvents(sim, A, incident))).toEqual(serial.events);
    expect(sim.issueLabels(A, incident).sort()).toEqual([...serial.labels, "customer-impact"].sort());
  }, 120_000);

  it("leaves labels and assignees that agree with the board, and keeps the label a person added", () => {
    const data = readBoardData(boards(sim, A, incident)[0] ?? "");
    const state = boardState(data!);
    expect(state).toMatchObject({ severity: "sev1", status: "identified", commander: "bob" });
    expect(state.roles).toEqual({ comms: "carol" });
    expect(sim.issueLabels(A, incident).sort()).toEqual([
      "customer-impact",
      "incident",
      "sev1",
      "status:identified",
    ]);
    expect(sim.issueAssignees(A, incident)).toEqual(["bob"]);
  });

  it("does not delay another installation: its /note answers within 1.5× of its time alone", () => {
    expect(alone).toBeGreaterThan(0);
    expect(during).toBeLessThanOrEqual(alone * 1.5);
  });
});

describe("two declarations of one issue at once", () => {
  it("make one incident with one board", async () => {
    const sim = createSim();
    seedRepo(sim, A);
    const app = await startApp(sim, { throttled: true });
    const issue = sim.createIssue(A, { title: "Payments failing", as: "bob" });
    const first = sim.createComment(A, issue.number, "/incident sev2 Payments failing", "bob");
    const second = sim.createComment(A, issue.number, "/incident sev2", "alice");
    await Promise.all(
      [first, second].map((comment) =>
        app.post("issue_comment", hooks.issueCommentCreated({ issue, comment })),
      ),
    );
    await timeUntil(() => answered(sim, A, first.id) && answered(sim, A, second.id), 60_000);

    expect(boards(sim, A, issue.number)).toHaveLength(1);
    expect(boardEvents(sim, A, issue.number).filter((e) => e.type === "declared")).toHaveLength(1);
    const state = boardState(readBoardData(boards(sim, A, issue.number)[0] ?? "")!);
    expect(sim.issueLabels(A, issue.number).sort()).toEqual(
      ["incident", state.severity ?? "", `status:${state.status}`].sort(),
    );
  }, 120_000);
});
