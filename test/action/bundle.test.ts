/**
 * The committed Action bundle (action/dist/index.js), run the way a GitHub Actions runner runs it:
 * a separate node process with the event file, INPUT_* variables and file commands, talking to the
 * simulator over loopback HTTP. `npm run build:action` rebuilds it from src/.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "../services/harness.js";
import * as hooks from "../support/webhooks.js";
import { serveSim } from "../support/sim.js";
import { runnerFiles, type RunnerFiles } from "./runner-files.js";

const BUNDLE = "action/dist/index.js";
const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");

interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

let files: RunnerFiles;
beforeAll(() => {
  // `uses: OWNER/hotwash/action@v1` runs this file from the repository: it must be committed.
  if (!existsSync(BUNDLE))
    throw new Error(`${BUNDLE} is missing: run \`npm run build:action\` and commit it.`);
});
beforeEach(() => {
  files = runnerFiles();
});
afterEach(() => files.remove());

/** Run the bundle as a workflow step (asynchronously: the simulator serves from this process). */
async function step(
  w: World,
  env: Record<string, string>,
  opts: { ghes?: boolean } = {},
): Promise<StepResult> {
  const server = await serveSim(w.sim);
  const token = w.sim.createToken("github-actions[bot]");
  const result = await new Promise<Omit<StepResult, "outputs">>((resolve) => {
    execFile(
      process.execPath,
      [BUNDLE],
      {
        env: {
          PATH: process.env["PATH"] ?? "",
          GITHUB_ACTIONS: "true",
          GITHUB_REPOSITORY: REPO,
          GITHUB_SERVER_URL: "https://github.com",
          GITHUB_API_URL: opts.ghes ? server.gheUrl : server.url,
          GITHUB_RUN_ID: "5150",
          GITHUB_ACTOR: "bob",
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          "INPUT_GITHUB-TOKEN": token,
          INPUT_MODE: "handle",
          INPUT_STATUS: "success",
          ...env,
        },
        timeout: 15_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  return { ...result, outputs: files.outputs() };
}

/** Post a comment in the sim and run the bundle on its issue_comment.created event. */
async function onComment(
  w: World,
  issue: number,
  login: string,
  body: string,
  opts: { ghes?: boolean } = {},
) {
  const comment = w.sim.createComment(REPO, issue, body, login);
  const payload = hooks.issueCommentCreated({
    issue: w.sim.issue(REPO, issue),
    comment,
    sender: w.sim.user(login),
  });
  const eventPath = files.write("event.json", JSON.stringify(payload));
  const result = await step(w, { GITHUB_EVENT_NAME: "issue_comment", GITHUB_EVENT_PATH: eventPath }, opts);
  return { ...result, commentId: comment.id };
}

describe("action/dist/index.js in handle mode", () => {
  it("declares an incident from a comment and reports decision=done", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout is down").number;
    const out = await onComment(w, issue, "bob", "/incident sev1 Checkout returns 503");

    expect(out.stderr).not.toMatch(/Error|\bat .+:\d+:\d+/);
    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: String(issue), decision: "done", reason: "" });
    expect(out.stdout).toContain("Hotwash: issue_comment.created → done");
    expect(w.labels(issue)).toEqual(["incident", "sev1", "status:investigating"]);
    expect(w.assignees(issue)).toEqual(["bob"]);
    const board = w.sim.comments(REPO, issue).find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
    expect(board?.user?.login).toBe("github-actions[bot]");
    expect(board?.body).toContain("Checkout returns 503");
    expect(w.sim.reactionsBy(REPO, out.commentId, "github-actions[bot]")).toEqual(["eyes", "rocket"]);
  });

  it("ignores a comment without commands: decision=ignored, exit 0, no request", async () => {
    const w = createWorld();
    const issue = w.openIssue("x").number;
    w.sim.clearRequests();
    const out = await onComment(w, issue, "bob", "Looking into it");

    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: String(issue), decision: "ignored", reason: "no command" });
    expect(out.stdout).not.toContain("::error::");
    expect(w.sim.requests).toEqual([]);
  });

  it("fails the step with ::error:: and decision=failed when GitHub fails mid-command", async () => {
    const w = createWorld();
    const issue = w.openIssue("x").number;
    w.sim.failNext({ method: "PATCH", route: "/repos/{owner}/{repo}/issues/{issue_number}", status: 500 });
    const out = await onComment(w, issue, "bob", "/incident sev2");

    expect(out.code).not.toBe(0);
    expect(out.stdout).toMatch(/^::error::.*GitHub had a server error \(500\)/m);
    expect(out.outputs["decision"]).toBe("failed");
    expect(out.outputs["incident"]).toBe(String(issue));
    expect(w.sim.reactionsBy(REPO, out.commentId, "github-actions[bot]")).toEqual(["eyes", "confused"]);
  });

  it("still sets decision=failed when GitHub fails before the command starts", async () => {
    const w = createWorld();
    const issue = w.openIssue("x").number;
    w.sim.failNext({
      method: "GET",
      route: "/repos/{owner}/{repo}/collaborators/{username}/permission",
      status: 502,
    });
    const out = await onComment(w, issue, "bob", "/incident sev2");

    expect(out.code).not.toBe(0);
    expect(out.stdout).toContain("::error::");
    expect(out.outputs).toMatchObject({ incident: String(issue), decision: "failed" });
    expect(out.outputs["reason"]).toMatch(/\S/);
    expect(w.labels(issue)).toEqual([]);
  });

  it("dispatches /diagnose on GitHub Enterprise Server (/api/v3, no run details)", async () => {
    const w = createWorld({ ghesMode: true, config: { services: { api: {} } } });
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    const issue = w.openIssue("x").number;
    expect((await onComment(w, issue, "bob", "/incident sev2", { ghes: true })).outputs["decision"]).toBe(
      "done",
    );
    const out = await onComment(w, issue, "bob", "/diagnose api region=eu", { ghes: true });

    expect(out.code).toBe(0);
    expect(out.outputs["decision"]).toBe("done");
    expect(w.sim.dispatches.map((d) => d.inputs)).toEqual([
      {
        incident: String(issue),
        command: "diagnose",
        service: "api",
        ref: "",
        actor: "bob",
        params: '{"region":"eu"}',
      },
    ]);
  });
});

describe("action/dist/index.js on workflow_run", () => {
  it("records a diagnostics run's conclusion on the incident it names", async () => {
    const w = createWorld({ config: { services: { api: {} } } });
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    const issue = w.openIssue("x").number;
    await w.comment(issue, "bob", "/incident sev2");
    await w.comment(issue, "bob", "/diagnose api");
    const runId = w.sim.dispatches[0]?.runId ?? 0;
    w.tick(3);
    const payload = hooks.workflowRunEvent("completed", w.sim.completeRun(REPO, runId, "failure"));
    const eventPath = files.write("event.json", JSON.stringify(payload));
    const out = await step(w, { GITHUB_EVENT_NAME: "workflow_run", GITHUB_EVENT_PATH: eventPath });

    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: String(issue), decision: "done", reason: "" });
    expect(w.board(issue)).toContain("Diagnose run for `api` ❌ failed in 3m");
  });
});

describe("action/dist/index.js in report mode", () => {
  it("posts the report, writes the job summary and sets decision=reported", async () => {
    const w = createWorld();
    const issue = w.openIssue("x").number;
    await w.comment(issue, "bob", "/incident sev2");
    const bodyFile = files.write("diagnostics.txt", "p99: 2300ms\n```\nnot a fence end\n");
    const out = await step(w, {
      INPUT_MODE: "report",
      INPUT_INCIDENT: String(issue),
      INPUT_STATUS: "failure",
      INPUT_SUMMARY: "Diagnostics for api",
      "INPUT_BODY-FILE": bodyFile,
    });

    expect(out.stderr).not.toMatch(/Error|\bat .+:\d+:\d+/);
    expect(out.code).toBe(0);
    const report = w.sim
      .comments(REPO, issue)
      .find((c) => c.body?.startsWith("### ❌ Report: Diagnostics for api"));
    expect(report?.user?.login).toBe("github-actions[bot]");
    expect(report?.body).toContain("[workflow run](https://github.com/acme/shop/actions/runs/5150)");
    expect(report?.body).toContain("p99: 2300ms\n```\nnot a fence end");
    expect(out.outputs).toEqual({
      incident: String(issue),
      decision: "reported",
      reason: `posted ${report?.html_url}`,
    });
    expect(readFileSync(files.summary, "utf8")).toContain(report?.body ?? "(none)");
    expect(w.board(issue)).toContain("Report (failure): Diagnostics for api");
  });

  it("fails the step for an issue that is not an incident", async () => {
    const w = createWorld();
    const issue = w.openIssue("x").number;
    const out = await step(w, { INPUT_MODE: "report", INPUT_INCIDENT: String(issue), INPUT_BODY: "x" });

    expect(out.code).not.toBe(0);
    expect(out.stdout).toContain(
      `::error::#${issue} is not an incident; check the workflow's \`incident\` input.`,
    );
    expect(out.outputs).toMatchObject({ incident: String(issue), decision: "failed" });
    expect(w.sim.comments(REPO, issue)).toEqual([]);
  });
});
