import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import type { NewDeploymentStatus, RestDeployment } from "../../src/sim/index.js";
import { createWorld, REPO, type World } from "./harness.js";
import * as hooks from "../support/webhooks.js";

const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");
const SERVICES = { api: { environment: "production" }, web: { environment: "staging" } };

/** A repository with services, and an incident bob declared five minutes ago. */
async function incidentWorld(config: Record<string, unknown> = { services: SERVICES }) {
  const w = createWorld({ config });
  w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
  const issue = w.openIssue("Checkout errors").number;
  expect((await w.comment(issue, "bob", "/incident sev2")).kind).toBe("done");
  w.tick(5);
  return { w, issue };
}

function deploy(w: World, ref: string, environment = "production"): RestDeployment {
  return w.sim.createDeployment(REPO, {
    ref,
    sha: w.sim.setFile(REPO, "app.txt", ref),
    environment,
    creator: "alice",
  });
}

/** GitHub records a status on the deployment and delivers `deployment_status.created`. */
function status(w: World, deployment: RestDeployment, state: NewDeploymentStatus["state"]) {
  const created = w.sim.addDeploymentStatus(REPO, deployment.id, {
    state,
    logUrl: `https://ci.example.com/deploys/${deployment.id}`,
  });
  return hooks.deploymentStatusCreated(deployment, created);
}

const alert = (w: World, issue: number) => /> \[!WARNING\][\s\S]*?(?=\n\n|$)/.exec(w.board(issue))?.[0] ?? "";
const changeEvents = (w: World, issue: number) =>
  (readBoardData(w.board(issue))?.events ?? []).filter((e) => e.type === "deployment" || e.type === "merged");

describe("deployments during an incident", () => {
  it("go on the board's timeline, once however often GitHub delivers them", async () => {
    const { w, issue } = await incidentWorld();
    const payload = status(w, deploy(w, "v1.2.3"), "success");
    expect(await w.deliver("deployment_status", payload)).toMatchObject({ kind: "done", incidents: [issue] });
    const sha = String(payload.deployment.sha).slice(0, 7);
    expect(w.board(issue)).toContain(`Deployed \`api\` \`v1.2.3\` (${sha}) to production: ✅ success`);

    expect(await w.deliver("deployment_status", payload)).toMatchObject({ kind: "done", incidents: [] });
    expect(changeEvents(w, issue)).toHaveLength(1);
  });

  it("show a failed deployment prominently until a later deployment there succeeds", async () => {
    const { w, issue } = await incidentWorld();
    await w.deliver("deployment_status", status(w, deploy(w, "v1.2.3"), "failure"));
    expect(alert(w, issue)).toContain("Deployment of `api` `v1.2.3` to `production` failed");

    // Still deploying the fix: not safe yet.
    const fix = deploy(w, "v1.2.4");
    await w.deliver("deployment_status", status(w, fix, "in_progress"));
    expect(alert(w, issue)).toContain("`v1.2.3`");
    await w.deliver("deployment_status", status(w, fix, "success"));
    expect(alert(w, issue)).toBe("");
    expect(w.board(issue)).toContain("to production: ❌ failure");
  });

  it("alert only for the incident's services once it has some", async () => {
    const { w, issue } = await incidentWorld();
    expect((await w.comment(issue, "bob", "/diagnose api")).kind).toBe("done");
    await w.deliver("deployment_status", status(w, deploy(w, "feature-x", "staging"), "error"));
    expect(w.board(issue)).toContain("Deployed `web` `feature-x`");
    expect(alert(w, issue)).toBe("");
    await w.deliver("deployment_status", status(w, deploy(w, "v9", "production"), "error"));
    expect(alert(w, issue)).toContain("Deployment of `api` `v9` to `production` failed (error)");
  });

  it("are ignored without a write when no incident is open", async () => {
    const w = createWorld({ config: { services: SERVICES } });
    const payload = status(w, deploy(w, "v1.2.3"), "failure");
    w.sim.clearRequests();
    expect(await w.deliver("deployment_status", payload)).toMatchObject({ kind: "ignored" });
    expect(w.sim.requestCount({ method: "POST" }) + w.sim.requestCount({ method: "PATCH" })).toBe(0);
  });

  it("go on the 20 newest open incidents at most", async () => {
    const { w } = await incidentWorld();
    const issues = [];
    for (let i = 0; i < 21; i++) {
      const issue = w.openIssue(`Outage ${i}`).number;
      await w.comment(issue, "bob", "/incident sev3");
      issues.push(issue);
    }
    w.tick(1);
    const out = await w.deliver("deployment_status", status(w, deploy(w, "v3"), "success"));
    expect(out).toMatchObject({ kind: "done", skipped: 2 });
    expect((out as { incidents?: number[] }).incidents).toHaveLength(20);
    expect(w.board(issues.at(-1) ?? 0)).toContain("Deployed `api` `v3`");
    expect(w.board(1)).not.toContain("Deployed `api` `v3`");
  }, 30_000);

  it("skip resolved incidents and name the repository when no service claims the environment", async () => {
    const { w, issue } = await incidentWorld({});
    const other = w.openIssue("Search slow").number;
    await w.comment(other, "bob", "/incident sev3");
    await w.comment(other, "bob", "/resolve");
    w.tick(1);
    const out = await w.deliver("deployment_status", status(w, deploy(w, "v2"), "success"));
    expect(out).toMatchObject({ kind: "done", incidents: [issue] });
    expect(w.board(issue)).toContain("Deployed `v2`");
    expect(w.board(other)).not.toContain("Deployed `v2`");
  });
});

describe("merged pull requests during an incident", () => {
  it("go on the timeline once, and into the post-mortem with the deployments", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.createBranch(REPO, "fix-pool");
    w.sim.pushCommit(REPO, { branch: "fix-pool", files: { "pool.txt": "20" }, as: "carol" });
    const pull = w.sim.createPull(REPO, {
      head: "fix-pool",
      title: "Raise the pool size @carol",
      as: "carol",
    });
    const merged = w.sim.mergePull(REPO, pull.number, "bob");
    const payload = hooks.pullRequestClosed(merged, true);
    expect(await w.deliver("pull_request", payload)).toMatchObject({ kind: "done", incidents: [issue] });
    expect(await w.deliver("pull_request", payload)).toMatchObject({ kind: "done", incidents: [] });
    expect(w.board(issue)).toContain(`Merged #${pull.number}: Raise the pool size`);
    expect(w.board(issue)).not.toContain("@carol"); // echoed, never a mention
    expect(changeEvents(w, issue)).toHaveLength(1);

    await w.deliver("deployment_status", status(w, deploy(w, "v1.2.4"), "success"));
    await w.comment(issue, "bob", "/resolve");
    expect((await w.comment(issue, "bob", "/postmortem")).kind).toBe("done");
    const path = /`(docs\/postmortems\/[^`]+\.md)`/.exec(w.board(issue))?.[1] ?? "";
    const doc = w.sim.getFile(REPO, path, `hotwash/postmortem-${issue}`) ?? "";
    expect(doc).toContain(`Merged #${pull.number}: Raise the pool size`);
    expect(doc).not.toContain("@carol");
    expect(doc).toContain("Deployed `api` `v1.2.4`");
  });

  it("closed without merging are not changes", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.createBranch(REPO, "wip");
    w.sim.pushCommit(REPO, { branch: "wip", files: { "wip.txt": "1" }, as: "carol" });
    const pull = w.sim.createPull(REPO, { head: "wip", title: "WIP", as: "carol" });
    await w.deliver("pull_request", hooks.pullRequestClosed(pull, false));
    expect(w.board(issue)).not.toContain("WIP");
  });
});
