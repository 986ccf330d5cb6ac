/** Check runs: create, update (appending annotations), list for a commit, and their annotations. */
import { resolveRef } from "../model/git.js";
import { applyChange, checkRunOr404, createCheckRun, type CheckRunChange } from "../model/checks.js";
import { checkAnnotation, checkRun } from "../present/checks.js";
import { notFound } from "../errors.js";
import {
  bodyRecord,
  intParam,
  ok,
  optRecord,
  optString,
  paged,
  param,
  repoOf,
  reqString,
  type Ctx,
  type Route,
} from "./context.js";

function change(ctx: Ctx): CheckRunChange {
  const out: CheckRunChange = {};
  const name = optString(ctx, "name");
  if (name !== undefined) out.name = name;
  const status = optString(ctx, "status");
  if (status === "queued" || status === "in_progress" || status === "completed") out.status = status;
  const conclusion = optString(ctx, "conclusion");
  if (conclusion !== undefined) out.conclusion = conclusion;
  const detailsUrl = optString(ctx, "details_url");
  if (detailsUrl !== undefined) out.detailsUrl = detailsUrl;
  const externalId = optString(ctx, "external_id");
  if (externalId !== undefined) out.externalId = externalId;
  const output = optRecord(ctx, "output");
  if (output) out.output = output;
  return out;
}

export const checkRoutes: Route[] = [
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/check-runs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      bodyRecord(ctx);
      const run = createCheckRun(ctx.st, repo, {
        ...change(ctx),
        name: reqString(ctx, "name"),
        headSha: reqString(ctx, "head_sha"),
      });
      return ok(checkRun(ctx.st, repo, run), 201);
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const run = checkRunOr404(repo, intParam(ctx, "check_run_id"));
      applyChange(ctx.st, run, change(ctx));
      return ok(checkRun(ctx.st, repo, run));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(checkRun(ctx.st, repo, checkRunOr404(repo, intParam(ctx, "check_run_id"))));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const run = checkRunOr404(repo, intParam(ctx, "check_run_id"));
      return paged(ctx, run.annotations, (a) => checkAnnotation(ctx.st, repo, run, a));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = resolveRef(repo, param(ctx, "ref"));
      if (sha === undefined) throw notFound();
      const name = ctx.query.get("check_name");
      // Newest first; GitHub lists the latest run of each name unless `filter=all`.
      let runs = repo.checkRuns.filter((r) => r.headSha === sha && (!name || r.name === name)).reverse();
      if (ctx.query.get("filter") !== "all")
        runs = runs.filter((r, i) => runs.findIndex((other) => other.name === r.name) === i);
      const page = paged(ctx, runs, (r) => checkRun(ctx.st, repo, r));
      return { ...page, body: { total_count: runs.length, check_runs: page.body } };
    },
  },
];
