/**
 * The committed Action bundle, run as a runner runs it (see bundle-step.ts): handle mode on
 * comments and workflow runs, report mode, and the step's outputs and failures.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "../services/harness.js";
import * as hooks from "../support/webhooks.js";
import { actionRunner } from "./bundle-step.js";

const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");

const run = actionRunner();
const step = (w: World, env: Record<string, string>) => run.step(w, env);
const onComment = (w: World, issue: number, login: string, body: string, opts: { ghes?: boolean } = {}) =>
  run.comment(w, issue, login, body, opts);

describe("action/dist/index.js in handle mode", { timeout: 90_000 }, () => {
  it("declares an incident from a comment and reports decision=done", async () => {
    const w = createWorld({ face: "action" });
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
    // The run's page says what it did: the incident, the command, its result and what it recorded.
    expect(out.summary).toContain(`[#${issue}](https://github.com/acme/shop/issues/${issue})`);
    expect(out.summary).toContain("`/incident sev1 Checkout returns 503`");
    expect(out.summary).toMatch(/\| \*\*Result\*\* \| ✅ done \|/);
    expect(out.summary).toMatch(
      /\| 2026-11-23 10:00 \| @\u200bbob \| Declared sev1: Checkout returns 503 \|/,
    );
  });

  it("ignores a comment without commands: decision=ignored, exit 0, no request", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("x").number;
    w.sim.clearRequests();
    const out = await onComment(w, issue, "bob", "Looking into it");

    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: String(issue), decision: "ignored", reason: "no command" });
    expect(out.stdout).not.toContain("::error::");
    expect(w.sim.requests).toEqual([]);
    expect(out.summary).toBe("");
  });

  it("fails the step with ::error:: and decision=failed when GitHub refuses a write mid-command", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("x").number;
    // As for a workflow whose `permissions:` leave out `issues: write`.
    w.sim.failNext({ method: "PATCH", route: "/repos/{owner}/{repo}/issues/{issue_number}", status: 403 });
    const out = await onComment(w, issue, "bob", "/incident sev2");

    expect(out.code).not.toBe(0);
    expect(out.stdout).toMatch(/^::error::.*GitHub refused the request \(403/m);
    expect(out.outputs["decision"]).toBe("failed");
    expect(out.outputs["incident"]).toBe(String(issue));
    expect(w.sim.reactionsBy(REPO, out.commentId, "github-actions[bot]")).toEqual(["eyes", "confused"]);
    expect(out.summary).toMatch(/\| \*\*Result\*\* \| ❌ failed \|/);
    expect(out.summary).toContain("GitHub refused the request (403");
  });

  it("still sets decision=failed when GitHub rejects the token before the command starts", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("x").number;
    w.sim.failNext({
      method: "GET",
      route: "/repos/{owner}/{repo}/collaborators/{username}/permission",
      status: 401,
    });
    const out = await onComment(w, issue, "bob", "/incident sev2");

    expect(out.code).not.toBe(0);
    expect(out.stdout).toContain("::error::");
    expect(out.outputs).toMatchObject({ incident: String(issue), decision: "failed" });
    expect(out.outputs["reason"]).toMatch(/\S/);
    expect(w.labels(issue)).toEqual([]);
    expect(out.summary).toMatch(/\| \*\*Result\*\* \| ❌ failed \|/);
  });

  it("dispatches /diagnose on GitHub Enterprise Server (/api/v3, no run details)", async () => {
    const w = createWorld({ face: "action", ghesMode: true, config: { services: { api: {} } } });
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

describe("action/dist/index.js on workflow_run", { timeout: 90_000 }, () => {
  it("records a diagnostics run's conclusion on the incident it names", async () => {
    const w = createWorld({ face: "action", config: { services: { api: {} } } });
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    const issue = w.openIssue("x").number;
    await w.comment(issue, "bob", "/incident sev2");
    await w.comment(issue, "bob", "/diagnose api");
    const runId = w.sim.dispatches[0]?.runId ?? 0;
    w.tick(3);
    const payload = hooks.workflowRunEvent("completed", w.sim.completeRun(REPO, runId, "failure"));
    const eventPath = run.files.write("event.json", JSON.stringify(payload));
    const out = await step(w, { GITHUB_EVENT_NAME: "workflow_run", GITHUB_EVENT_PATH: eventPath });

    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: String(issue), decision: "done", reason: "" });
    expect(w.board(issue)).toContain("Diagnose run for `api` ❌ failed in 3m");
    expect(out.summary).toContain(`[#${issue}](https://github.com/acme/shop/issues/${issue})`);
    expect(out.summary).toContain("❌ failed in 3m");
  });
});

describe("action/dist/index.js on schedule", { timeout: 90_000 }, () => {
  it("posts the reminders that are due and lists them in the job summary; a tick with nothing due writes none", async () => {
    const w = createWorld({ face: "action" });
    // The bundle runs on the runner's (real) clock; sev1 wants a status update every 30 minutes.
    w.clock.now = new Date(Date.now() - 40 * 60_000);
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev1");
    const payload = { schedule: "*/10 * * * *" };
    const out = await step(w, {
      GITHUB_EVENT_NAME: "schedule",
      GITHUB_EVENT_PATH: run.files.write("event.json", JSON.stringify(payload)),
    });

    expect(out.code).toBe(0);
    expect(out.outputs["decision"]).toBe("done");
    const reminder = w.sim.comments(REPO, issue).find((c) => c.user?.login === "github-actions[bot]");
    expect(reminder?.body).toContain("a status update was due at");
    expect(out.summary).toContain(`[#${issue}](https://github.com/acme/shop/issues/${issue})`);
    expect(out.summary).toMatch(/reminder/i);

    const again = await step(w, {
      GITHUB_EVENT_NAME: "schedule",
      GITHUB_EVENT_PATH: run.files.write("event.json", JSON.stringify(payload)),
    });
    expect(again.outputs["decision"]).toBe("done");
    expect(again.summary).toBe("");
  });
});

describe("action/dist/index.js in report mode", { timeout: 90_000 }, () => {
  it("posts the report, writes the job summary and sets decision=reported", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("x").number;
    await w.comment(issue, "bob", "/incident sev2");
    const bodyFile = run.files.write("diagnostics.txt", "p99: 2300ms\n```\nnot a fence end\n");
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
    expect(out.summary).toContain(report?.body ?? "(none)");
    expect(w.board(issue)).toContain("Report (failure): Diagnostics for api");
  });

  it("fails the step for an issue that is not an incident", async () => {
    const w = createWorld({ face: "action" });
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
