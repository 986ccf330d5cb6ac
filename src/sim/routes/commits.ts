/** Commits and comparisons (REST, not the git database). */
import { notFound } from "../errors.js";
import { commitsBetween, diffTrees, log, mergeBase, resolveRef, treeOfCommit } from "../model/git.js";
import { diffEntry, restCommit } from "../present/git.js";
import { repoApi, repoWeb } from "../present/repos.js";
import type { CommitRec, RepoRec } from "../state.js";
import { type Ctx, ok, paged, param, repoOf, type Route } from "./context.js";

function resolveOr404(repo: RepoRec, ref: string): string {
  const sha = resolveRef(repo, ref);
  if (sha === undefined) throw notFound(`No commit found for SHA: ${ref}`);
  return sha;
}

function touchesPath(repo: RepoRec, c: CommitRec, path: string): boolean {
  const before = treeOfCommit(repo, c.parents[0]);
  const after = treeOfCommit(repo, c.sha);
  const prefix = `${path.replace(/\/$/, "")}/`;
  for (const p of new Set([...before.keys(), ...after.keys()])) {
    if ((p === path || p.startsWith(prefix)) && before.get(p) !== after.get(p)) return true;
  }
  return false;
}

function listCommits(ctx: Ctx) {
  const repo = repoOf(ctx);
  const q = ctx.query;
  const head = resolveOr404(repo, q.get("sha") ?? repo.defaultBranch);
  const author = q.get("author")?.toLowerCase();
  const committer = q.get("committer")?.toLowerCase();
  const path = q.get("path");
  const since = q.get("since");
  const until = q.get("until");
  const list = log(repo, head).filter(
    (c) =>
      (!author || c.authorLogin?.toLowerCase() === author || c.author.email.toLowerCase() === author) &&
      (!committer ||
        c.committerLogin?.toLowerCase() === committer ||
        c.committer.email.toLowerCase() === committer) &&
      (!path || touchesPath(repo, c, path)) &&
      (!since || c.committer.date >= since) &&
      (!until || c.committer.date <= until),
  );
  return paged(ctx, list, (c) => restCommit(ctx.st, repo, c));
}

export const commitRoutes: Route[] = [
  { method: "GET", route: "/repos/{owner}/{repo}/commits", handler: listCommits },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const commit = repo.commits.get(resolveOr404(repo, param(ctx, "ref")));
      if (!commit) throw notFound();
      return ok(restCommit(ctx.st, repo, commit, true));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/compare/{basehead}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const basehead = param(ctx, "basehead");
      const [baseRaw, headRaw] = basehead.includes("...") ? basehead.split("...") : basehead.split("..");
      if (!baseRaw || !headRaw) throw notFound();
      const strip = (r: string): string => r.replace(/^[^:]+:/, "");
      const base = resolveOr404(repo, strip(baseRaw));
      const head = resolveOr404(repo, strip(headRaw));
      const mb = mergeBase(repo, base, head) ?? base;
      const ahead = commitsBetween(repo, base, head);
      const behind = commitsBetween(repo, head, base);
      const status =
        ahead.length === 0 && behind.length === 0
          ? "identical"
          : behind.length === 0
            ? "ahead"
            : ahead.length === 0
              ? "behind"
              : "diverged";
      const baseCommit = repo.commits.get(base);
      const mbCommit = repo.commits.get(mb);
      if (!baseCommit || !mbCommit) throw notFound();
      const files = diffTrees(repo, treeOfCommit(repo, mb), treeOfCommit(repo, head));
      return ok({
        url: `${repoApi(ctx.st, repo)}/compare/${basehead}`,
        html_url: `${repoWeb(ctx.st, repo)}/compare/${basehead}`,
        permalink_url: `${repoWeb(ctx.st, repo)}/compare/${repo.owner}:${base}...${repo.owner}:${head}`,
        diff_url: `${repoWeb(ctx.st, repo)}/compare/${basehead}.diff`,
        patch_url: `${repoWeb(ctx.st, repo)}/compare/${basehead}.patch`,
        base_commit: restCommit(ctx.st, repo, baseCommit),
        merge_base_commit: restCommit(ctx.st, repo, mbCommit),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.slice(0, 250).map((c) => restCommit(ctx.st, repo, c)),
        files: files.map((f) => diffEntry(ctx.st, repo, head, f)),
      });
    },
  },
];
