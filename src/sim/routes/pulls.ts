/** Pull requests. */
import { notFound, unprocessable } from "../errors.js";
import { commitsBetween, mergeBase } from "../model/git.js";
import { closeIssue, editIssueBody, issueOr404, renameIssue, reopenIssue } from "../model/issues.js";
import {
  createPull,
  headBranch,
  mergePull,
  type MergeOptions,
  pullShas,
  requestReviewers,
} from "../model/pulls.js";
import { restCommit } from "../present/git.js";
import { pullRequest } from "../present/pulls.js";
import type { IssueRec, RepoRec } from "../state.js";
import {
  type Ctx,
  has,
  intParam,
  ok,
  optBool,
  optNames,
  optNullableString,
  optString,
  paged,
  repoOf,
  reqString,
  type Route,
} from "./context.js";

function pullOr404(ctx: Ctx, repo: RepoRec): IssueRec {
  const rec = issueOr404(repo, intParam(ctx, "pull_number"));
  if (!rec.pull) throw notFound();
  return rec;
}

export const pullRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const q = ctx.query;
      const state = q.get("state") ?? "open";
      const head = q.get("head");
      const headName = head ? headBranch(repo, head) : undefined;
      const sort = q.get("sort") ?? "created";
      const dir = (q.get("direction") ?? (sort === "created" ? "desc" : "asc")) === "desc" ? -1 : 1;
      const list = [...repo.issues.values()]
        .filter((i) => i.pull)
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => !head || i.pull?.head === headName)
        .filter((i) => !q.get("base") || i.pull?.base === q.get("base"))
        .sort((a, b) => {
          const ka =
            sort === "updated"
              ? a.updatedAt
              : sort === "popularity"
                ? String(a.comments.length)
                : a.createdAt;
          const kb =
            sort === "updated"
              ? b.updatedAt
              : sort === "popularity"
                ? String(b.comments.length)
                : b.createdAt;
          return (ka.localeCompare(kb) || a.number - b.number) * dir;
        });
      return paged(ctx, list, (i) => pullRequest(ctx.st, repo, i, false));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/pulls",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = createPull(ctx.st, repo, ctx.actor, {
        head: reqString(ctx, "head"),
        base: reqString(ctx, "base"),
        title: optString(ctx, "title") ?? reqString(ctx, "head"),
        body: optNullableString(ctx, "body") ?? null,
        draft: optBool(ctx, "draft") ?? false,
        maintainerCanModify: optBool(ctx, "maintainer_can_modify") ?? false,
      });
      const obj = pullRequest(ctx.st, repo, rec);
      return ok(obj, 201, { location: String(obj["url"]) });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(pullRequest(ctx.st, repo, pullOr404(ctx, repo)));
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = pullOr404(ctx, repo);
      const pull = rec.pull;
      if (!pull) throw notFound();
      const title = optString(ctx, "title");
      if (title !== undefined) renameIssue(ctx.st, rec, ctx.actor, title);
      if (has(ctx, "body"))
        editIssueBody(ctx.st, repo, rec, ctx.actor, optNullableString(ctx, "body") ?? null);
      const base = optString(ctx, "base");
      if (base !== undefined) {
        if (!repo.refs.has(`refs/heads/${base}`))
          throw unprocessable(`Proposed base branch '${base}' was not found`);
        pull.base = base;
      }
      const mcm = optBool(ctx, "maintainer_can_modify");
      if (mcm !== undefined) pull.maintainerCanModify = mcm;
      const state = optString(ctx, "state");
      if (state === "closed") closeIssue(ctx.st, rec, ctx.actor, null);
      if (state === "open" && !pull.merged) reopenIssue(ctx.st, rec, ctx.actor);
      rec.updatedAt = ctx.st.nowIso();
      return ok(pullRequest(ctx.st, repo, rec));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = pullOr404(ctx, repo);
      requestReviewers(ctx.st, repo, rec, ctx.actor, optNames(ctx, "reviewers") ?? []);
      return ok(pullRequest(ctx.st, repo, rec, false), 201);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pull = pullOr404(ctx, repo).pull;
      if (!pull) throw notFound();
      const { head, base } = pullShas(repo, pull);
      const from = mergeBase(repo, base, head) ?? base;
      return paged(ctx, commitsBetween(repo, from, head), (c) => restCommit(ctx.st, repo, c));
    },
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = pullOr404(ctx, repo);
      const method = optString(ctx, "merge_method");
      const opts: MergeOptions = {};
      if (method === "merge" || method === "squash" || method === "rebase") opts.method = method;
      const sha = optString(ctx, "sha");
      if (sha !== undefined) opts.sha = sha;
      const title = optString(ctx, "commit_title");
      if (title !== undefined) opts.title = title;
      const message = optString(ctx, "commit_message");
      if (message !== undefined) opts.message = message;
      const merged = mergePull(ctx.st, repo, rec, ctx.actor, opts);
      return ok({ sha: merged, merged: true, message: "Pull Request successfully merged" });
    },
  },
];
