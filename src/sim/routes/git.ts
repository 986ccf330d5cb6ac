/** Git database: refs, blobs, trees, commits (what octokit-plugin-create-pull-request uses). */
import { githubError, notFound, unprocessable } from "../errors.js";
import { ancestors, createCommit, personOf, putBlob, putTree, qualifyRef } from "../model/git.js";
import { ensureUser } from "../model/users.js";
import { gitCommit, gitRef, gitTree } from "../present/git.js";
import { repoApi } from "../present/repos.js";
import type { GitPerson } from "../state.js";
import { isRecord, nodeId } from "../util.js";
import {
  bodyRecord,
  type Ctx,
  ok,
  optBool,
  optRecord,
  optString,
  param,
  repoOf,
  reqString,
  type Route,
} from "./context.js";

function person(ctx: Ctx, key: string): GitPerson | undefined {
  const p = optRecord(ctx, key);
  if (!p || typeof p["name"] !== "string" || typeof p["email"] !== "string") return undefined;
  return {
    name: p["name"],
    email: p["email"],
    date: typeof p["date"] === "string" ? p["date"] : ctx.st.nowIso(),
  };
}

export const gitRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/ref/{ref}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = qualifyRef(param(ctx, "ref"));
      const sha = repo.refs.get(ref);
      if (sha === undefined) throw notFound();
      return ok(gitRef(ctx.st, repo, ref, sha));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const prefix = `refs/${param(ctx, "ref")}`;
      const refs = [...repo.refs]
        .filter(([r]) => r.startsWith(prefix))
        .sort(([a], [b]) => a.localeCompare(b));
      return ok(refs.map(([r, sha]) => gitRef(ctx.st, repo, r, sha)));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/refs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = reqString(ctx, "ref");
      const sha = reqString(ctx, "sha");
      if (!/^refs\/[^/]+\/.+/.test(ref))
        throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      if (!repo.commits.has(sha)) throw unprocessable("Object does not exist");
      if (repo.refs.has(ref)) throw unprocessable("Reference already exists");
      repo.refs.set(ref, sha);
      repo.pushedAt = ctx.st.nowIso();
      return ok(gitRef(ctx.st, repo, ref, sha), 201);
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/git/refs/{ref}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = qualifyRef(param(ctx, "ref"));
      const sha = reqString(ctx, "sha");
      const current = repo.refs.get(ref);
      if (current === undefined) throw unprocessable("Reference does not exist");
      if (!repo.commits.has(sha)) throw unprocessable("Object does not exist");
      if (optBool(ctx, "force") !== true && !ancestors(repo, sha).has(current)) {
        throw unprocessable("Update is not a fast forward");
      }
      repo.refs.set(ref, sha);
      repo.pushedAt = ctx.st.nowIso();
      return ok(gitRef(ctx.st, repo, ref, sha));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/git/refs/{ref}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = qualifyRef(param(ctx, "ref"));
      if (!repo.refs.delete(ref)) throw unprocessable("Reference does not exist");
      return { status: 204 };
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/blobs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const content = reqString(ctx, "content");
      const encoding = optString(ctx, "encoding") ?? "utf-8";
      const sha = putBlob(repo, Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
      return ok({ url: `${repoApi(ctx.st, repo)}/git/blobs/${sha}`, sha }, 201, {
        location: `${repoApi(ctx.st, repo)}/git/blobs/${sha}`,
      });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = param(ctx, "file_sha");
      const blob = repo.blobs.get(sha);
      if (!blob) throw notFound();
      return ok({
        sha,
        node_id: nodeId("Blob", sha),
        size: blob.length,
        url: `${repoApi(ctx.st, repo)}/git/blobs/${sha}`,
        content: blob.toString("base64"),
        encoding: "base64",
      });
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/trees",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyRecord(ctx);
      const baseTree = optString(ctx, "base_tree");
      const base = baseTree === undefined ? new Map<string, string>() : repo.trees.get(baseTree);
      if (!base) throw unprocessable("base_tree is not a valid tree oid");
      const entries = new Map(base);
      const items = Array.isArray(body["tree"]) ? (body["tree"] as unknown[]) : [];
      for (const item of items) {
        if (!isRecord(item) || typeof item["path"] !== "string") throw unprocessable("Invalid tree info");
        const path = item["path"].replace(/^\/+/, "");
        if (item["type"] === "tree")
          throw githubError(422, "GitHubSim: tree entries of type 'tree' are not simulated");
        if (typeof item["content"] === "string") {
          entries.set(path, putBlob(repo, Buffer.from(item["content"])));
        } else if (item["sha"] === null) {
          for (const p of [...entries.keys()]) if (p === path || p.startsWith(`${path}/`)) entries.delete(p);
        } else if (typeof item["sha"] === "string") {
          if (!repo.blobs.has(item["sha"]))
            throw unprocessable(`tree.sha ${item["sha"]} is not a valid blob`);
          entries.set(path, item["sha"]);
        } else {
          throw unprocessable("Must supply either tree.sha or tree.content");
        }
      }
      const sha = putTree(repo, entries);
      return ok(gitTree(ctx.st, repo, sha, false), 201);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const recursive = ctx.query.get("recursive");
      const tree = gitTree(
        ctx.st,
        repo,
        param(ctx, "tree_sha"),
        recursive !== null && recursive !== "0" && recursive !== "false",
      );
      if (!tree) throw notFound();
      return ok(tree);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/commits",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const message = reqString(ctx, "message");
      const tree = reqString(ctx, "tree");
      if (!repo.trees.has(tree)) throw unprocessable("Tree SHA does not exist");
      const parentsRaw = bodyRecord(ctx)["parents"];
      const parents = Array.isArray(parentsRaw)
        ? parentsRaw.filter((p): p is string => typeof p === "string")
        : [];
      for (const p of parents) {
        if (!repo.commits.has(p)) throw unprocessable("Parent SHA does not exist or is not a commit object");
      }
      const self = personOf(ensureUser(ctx.st, ctx.actor.login), ctx.st.now());
      const author = person(ctx, "author") ?? self;
      const committer = person(ctx, "committer") ?? author;
      const commit = createCommit(ctx.st, repo, { tree, parents, message, author, committer });
      return ok(gitCommit(ctx.st, repo, commit), 201, {
        location: `${repoApi(ctx.st, repo)}/git/commits/${commit.sha}`,
      });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const commit = repo.commits.get(param(ctx, "commit_sha"));
      if (!commit) throw notFound();
      return ok(gitCommit(ctx.st, repo, commit));
    },
  },
];
