/** GitHub Actions: workflow_dispatch, workflows and workflow runs. */
import { notFound } from "../errors.js";
import { dispatchWorkflow, runOr404, workflowPathOf, workflowRec } from "../model/actions.js";
import { readFile, resolveRef } from "../model/git.js";
import { workflow, workflowRun } from "../present/actions.js";
import { paginate } from "../pagination.js";
import type { RunRec } from "../state.js";
import type { WorkflowDispatch } from "../types.js";
import {
  type Ctx,
  has,
  intParam,
  noContent,
  ok,
  optBool,
  optRecord,
  param,
  repoOf,
  reqString,
  type Reply,
  type Route,
} from "./context.js";

const STATUSES = new Set([
  "completed",
  "in_progress",
  "queued",
  "requested",
  "waiting",
  "pending",
  "action_required",
]);

/** `created` filter: `>=T`, `<=T`, `>T`, `<T`, `A..B`, or a date/time prefix. */
function createdMatcher(value: string): (iso: string) => boolean {
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range?.[1] && range[2]) {
    const from = range[1];
    const to = range[2];
    return (t) => (from === "*" || t >= from) && (to === "*" || t.slice(0, to.length) <= to);
  }
  const cmp = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (cmp?.[1] && cmp[2]) {
    const op = cmp[1];
    const at = cmp[2];
    return (t) =>
      op === ">=" ? t >= at : op === "<=" ? t.slice(0, at.length) <= at : op === ">" ? t > at : t < at;
  }
  return (t) => t.startsWith(value);
}

function listRuns(ctx: Ctx, runs: RunRec[]): Reply {
  const q = ctx.query;
  const created = q.get("created");
  const match = created ? createdMatcher(created) : undefined;
  const filtered = runs
    .filter((r) => {
      const status = q.get("status");
      if (status && (STATUSES.has(status) ? r.status !== status : r.conclusion !== status)) return false;
      if (q.get("event") && r.event !== q.get("event")) return false;
      if (q.get("branch") && r.headBranch !== q.get("branch")) return false;
      if (q.get("actor") && r.actor.toLowerCase() !== q.get("actor")?.toLowerCase()) return false;
      if (q.get("head_sha") && r.headSha !== q.get("head_sha")) return false;
      return !match || match(r.createdAt);
    })
    .reverse();
  const repo = repoOf(ctx);
  const { items, link } = paginate(filtered, ctx.page);
  return ok(
    { total_count: filtered.length, workflow_runs: items.map((r) => workflowRun(ctx.st, repo, r)) },
    200,
    link ? { link } : {},
  );
}

export const actionRoutes: Route[] = [
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = reqString(ctx, "ref");
      const inputs = optRecord(ctx, "inputs") ?? {};
      const run = dispatchWorkflow(ctx.st, repo, {
        workflowId: param(ctx, "workflow_id"),
        ref,
        inputs,
        actor: ctx.actor.login,
        ghes: ctx.hooks.ghesMode,
        returnRunDetailsPresent: has(ctx, "return_run_details"),
      });
      const runObj = workflowRun(ctx.st, repo, run);
      const dispatch: WorkflowDispatch = {
        repo: repo.fullName,
        workflowPath: run.workflowPath,
        ref,
        inputs,
        actor: ctx.actor.login,
        run: runObj,
        runId: run.id,
      };
      ctx.hooks.dispatches.push(dispatch);
      ctx.hooks.onWorkflowDispatch?.(dispatch);
      if (optBool(ctx, "return_run_details") === true) {
        return ok({ workflow_run_id: run.id, run_url: runObj["url"], html_url: runObj["html_url"] });
      }
      return noContent();
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = workflowPathOf(repo, param(ctx, "workflow_id"));
      const head = resolveRef(repo, repo.defaultBranch);
      if (path === undefined || head === undefined || !readFile(repo, head, path)) throw notFound();
      return ok(workflow(ctx.st, repo, workflowRec(ctx.st, repo, path)));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = workflowPathOf(repo, param(ctx, "workflow_id"));
      if (path === undefined) throw notFound();
      return listRuns(
        ctx,
        repo.runs.filter((r) => r.workflowPath === path),
      );
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/runs",
    handler: (ctx) => listRuns(ctx, repoOf(ctx).runs),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(workflowRun(ctx.st, repo, runOr404(repo, intParam(ctx, "run_id"))));
    },
  },
];
