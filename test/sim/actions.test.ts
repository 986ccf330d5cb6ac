import { beforeEach, describe, expect, test } from "vitest";
import type {
  DeploymentStatusCreated,
  GitHubSim,
  RestDeployment,
  RestDeploymentStatus,
  WorkflowDispatch,
} from "../../src/sim/index.js";
import { deploymentStatusCreated } from "../support/webhooks.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

const owner = "acme";
const repo = "api";
const workflow = `name: Hotwash diagnose
run-name: "diagnose \${{ inputs.service }} for #\${{ inputs.incident }}"
on:
  workflow_dispatch:
    inputs:
      incident: { required: true }
      command: { required: true }
      service: { required: true }
      ref: { required: false, default: "" }
      actor: { required: true }
      params: { required: false, default: "{}" }
jobs: {}
`;
const inputs = { incident: "7", command: "diagnose", service: "api", ref: "", actor: "alice", params: "{}" };

function seed(ghesMode = false): GitHubSim {
  const sim = createSim({ ghesMode });
  sim.createRepo("acme/api");
  sim.setFile("acme/api", ".github/workflows/hotwash-diagnose.yml", workflow);
  interceptWithNock(sim);
  return sim;
}

describe("workflow_dispatch", () => {
  let sim: GitHubSim;
  beforeEach(() => {
    sim = seed();
  });

  test("204 without return_run_details; the hook sees the queued run", async () => {
    const seen: WorkflowDispatch[] = [];
    sim.onWorkflowDispatch = (d) => seen.push(d);
    const gh = testOctokit();
    const res = await gh.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: "hotwash-diagnose.yml",
      ref: "main",
      inputs,
    });
    expect(res.status).toBe(204);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      repo: "acme/api",
      workflowPath: ".github/workflows/hotwash-diagnose.yml",
      ref: "main",
      inputs,
      run: {
        status: "queued",
        event: "workflow_dispatch",
        display_title: "diagnose api for #7",
        name: "Hotwash diagnose",
      },
    });
  });

  test("200 with run details when return_run_details is true", async () => {
    const gh = testOctokit();
    const res = await gh.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner,
      repo,
      workflow_id: "hotwash-diagnose.yml",
      ref: "main",
      inputs,
      return_run_details: true,
    });
    expect(res.status).toBe(200);
    const runId = sim.dispatches[0]?.runId;
    expect(res.data).toEqual({
      workflow_run_id: runId,
      run_url: `https://api.github.com/repos/acme/api/actions/runs/${runId}`,
      html_url: `https://github.com/acme/api/actions/runs/${runId}`,
    });
    sim.startRun("acme/api", runId ?? 0);
    const done = sim.completeRun("acme/api", runId ?? 0, "failure");
    expect(done).toMatchObject({ status: "completed", conclusion: "failure" });
    const run = await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId ?? 0 });
    expect(run.data).toMatchObject({
      id: runId,
      status: "completed",
      conclusion: "failure",
      head_branch: "main",
    });
  });

  test("404 for a workflow file that does not exist on the ref; 422 for unknown refs and inputs", async () => {
    const gh = testOctokit();
    const dispatch = (workflow_id: string, ref: string, extra: Record<string, string> = {}) =>
      gh.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id,
        ref,
        inputs: { ...inputs, ...extra },
      });
    await expect(dispatch("hotwash-rollback.yml", "main")).rejects.toMatchObject({ status: 404 });
    await expect(dispatch("hotwash-diagnose.yml", "nope")).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "No ref found for: nope" } },
    });
    await expect(dispatch("hotwash-diagnose.yml", "main", { extra: "x" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Unexpected inputs provided: ["extra"]' } },
    });
  });

  test("lists runs with event, branch and status filters", async () => {
    sim.createRun("acme/api", {
      workflow: "hotwash-diagnose.yml",
      event: "push",
      status: "completed",
      conclusion: "success",
    });
    const gh = testOctokit();
    await gh.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: "hotwash-diagnose.yml",
      ref: "main",
      inputs,
    });
    const all = await gh.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: "hotwash-diagnose.yml" });
    expect(all.data.total_count).toBe(2);
    const dispatched = await gh.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: "hotwash-diagnose.yml",
      event: "workflow_dispatch",
      branch: "main",
      created: ">=2000-01-01",
    });
    expect(dispatched.data.workflow_runs.map((r) => r.status)).toEqual(["queued"]);
    const succeeded = await gh.rest.actions.listWorkflowRunsForRepo({ owner, repo, status: "success" });
    expect(succeeded.data.workflow_runs.map((r) => r.event)).toEqual(["push"]);
  });
});

describe("GHES 3.19 mode", () => {
  test("rejects return_run_details and more than 10 inputs with 422", async () => {
    const sim = seed(true);
    const gh = testOctokit();
    const withDetails = gh.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner,
      repo,
      workflow_id: "hotwash-diagnose.yml",
      ref: "main",
      inputs,
      return_run_details: true,
    });
    await expect(withDetails).rejects.toMatchObject({
      status: 422,
      response: { data: { message: '"return_run_details" is not a permitted key' } },
    });
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"]));
    await expect(
      gh.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: "hotwash-diagnose.yml",
        ref: "main",
        inputs: many,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: "hotwash-diagnose.yml",
        ref: "main",
        inputs,
      }),
    ).resolves.toMatchObject({ status: 204 });
    expect(sim.dispatches).toHaveLength(1);
  });
});

describe("deployments", () => {
  test("lists deployments newest first with filters, and their statuses", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    const v1 = sim.setFile("acme/api", "VERSION", "1\n");
    const v2 = sim.setFile("acme/api", "VERSION", "2\n");
    sim.createDeployment("acme/api", {
      ref: v1,
      environment: "production",
      statuses: [{ state: "success" }],
    });
    const d2 = sim.createDeployment("acme/api", {
      ref: v2,
      environment: "production",
      statuses: [{ state: "failure" }],
    });
    sim.createDeployment("acme/api", { ref: v2, environment: "staging" });
    interceptWithNock(sim);
    const gh = testOctokit();
    const prod = await gh.rest.repos.listDeployments({ owner, repo, environment: "production" });
    expect(prod.data.map((d) => d.sha)).toEqual([v2, v1]);
    const statuses = await gh.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: d2.id,
    });
    expect(statuses.data.map((s) => s.state)).toEqual(["failure"]);
    const bySha = await gh.rest.repos.listDeployments({ owner, repo, sha: v1 });
    expect(bySha.data).toHaveLength(1);
  });

  test("creates deployments and statuses as a deploy job does, and reports each status for its webhook", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    const sha = sim.setFile("acme/api", "VERSION", "3\n");
    interceptWithNock(sim);
    const created: DeploymentStatusCreated[] = [];
    sim.onDeploymentStatus = (event) => created.push(event);
    const gh = testOctokit();
    const dep = await gh.rest.repos.createDeployment({ owner, repo, ref: sha, environment: "production" });
    expect(dep.status).toBe(201);
    const id = (dep.data as { id: number }).id;
    const status = await gh.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: "failure",
      log_url: "https://ci.example.com/3",
    });
    expect(status.data).toMatchObject({
      state: "failure",
      environment: "production",
      log_url: "https://ci.example.com/3",
    });
    const payload = deploymentStatusCreated(
      created[0]?.deployment as RestDeployment,
      created[0]?.status as RestDeploymentStatus,
    );
    expect(payload.deployment.id).toBe(id);
    expect(payload.deployment_status.id).toBe(status.data.id);
    expect(payload.repository.full_name).toBe("acme/api");
    await expect(gh.rest.repos.createDeployment({ owner, repo, ref: "no-such-ref" })).rejects.toMatchObject({
      status: 422,
    });
  });
});
