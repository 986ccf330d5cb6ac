/** Repository contents: read a file (JSON or raw) or directory; create/update a file. */
import { githubError, notFound } from "../errors.js";
import {
  branchSha,
  createCommit,
  listDir,
  personOf,
  putBlob,
  putTree,
  readFile,
  resolveRef,
  treeOfCommit,
} from "../model/git.js";
import { ensureUser } from "../model/users.js";
import { contentDirEntry, contentFile, gitCommit } from "../present/git.js";
import type { GitPerson } from "../state.js";
import { blobSha, iso, isRecord } from "../util.js";
import {
  conditional,
  type Ctx,
  ok,
  optRecord,
  optString,
  param,
  repoOf,
  type Reply,
  reqString,
  type Route,
} from "./context.js";

function isRaw(ctx: Ctx): boolean {
  return /\.raw\b|\braw\+json\b|\/vnd\.github\.raw/.test(ctx.headers["accept"] ?? "");
}

function person(ctx: Ctx, key: string): GitPerson | undefined {
  const p = optRecord(ctx, key);
  if (!p || typeof p["name"] !== "string" || typeof p["email"] !== "string") return undefined;
  const date = typeof p["date"] === "string" ? p["date"] : ctx.st.nowIso();
  return { name: p["name"], email: p["email"], date };
}

/** A file (JSON or raw) or a directory listing. */
function readContents(ctx: Ctx): Reply {
  const repo = repoOf(ctx);
  const path = param(ctx, "path").replace(/^\/+|\/+$/g, "");
  const ref = ctx.query.get("ref") ?? repo.defaultBranch;
  const sha = resolveRef(repo, ref);
  if (sha === undefined) throw notFound(`No commit found for the ref ${ref}`);
  const file = readFile(repo, sha, path);
  if (file !== undefined) {
    const blob = blobSha(file);
    if (isRaw(ctx)) {
      // GitHub serves raw file contents as text; @probot/octokit-plugin-config relies on it not being JSON.
      return ok(file.toString("utf8"), 200, { "content-type": "text/plain; charset=utf-8" });
    }
    return ok(contentFile(ctx.st, repo, path, ref, blob, file));
  }
  const dir = listDir(repo, sha, path);
  if (!dir) throw notFound();
  return ok(dir.map((e) => contentDirEntry(ctx.st, repo, ref, e)));
}

export const contentRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/contents/{path}",
    // Conditional: Hotwash revalidates its cached config with If-None-Match.
    handler: (ctx) => conditional(ctx, readContents(ctx)),
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/contents/{path}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = param(ctx, "path").replace(/^\/+|\/+$/g, "");
      const message = reqString(ctx, "message");
      const content = Buffer.from(reqString(ctx, "content"), "base64");
      const branch = optString(ctx, "branch") ?? repo.defaultBranch;
      const head = branchSha(repo, branch);
      if (head === undefined) throw notFound(`Branch ${branch} not found`);
      const existing = readFile(repo, head, path);
      const given = optString(ctx, "sha");
      if (existing !== undefined) {
        if (given === undefined) throw githubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
        if (given !== blobSha(existing)) throw githubError(409, `${path} does not match ${given}`);
      }
      const actorPerson = personOf(ensureUser(ctx.st, ctx.actor.login), ctx.st.now());
      const author = person(ctx, "author") ?? actorPerson;
      const committer =
        person(ctx, "committer") ?? (isRecord(ctx.body) && ctx.body["author"] ? author : actorPerson);
      const entries = new Map(treeOfCommit(repo, head));
      const blob = putBlob(repo, content);
      entries.set(path, blob);
      const commit = createCommit(ctx.st, repo, {
        tree: putTree(repo, entries),
        parents: [head],
        message,
        author,
        committer,
      });
      repo.refs.set(`refs/heads/${branch}`, commit.sha);
      repo.pushedAt = iso(ctx.st.now());
      const fileObj = contentFile(ctx.st, repo, path, branch, blob, content);
      delete fileObj["content"];
      delete fileObj["encoding"];
      return ok(
        { content: fileObj, commit: gitCommit(ctx.st, repo, commit) },
        existing === undefined ? 201 : 200,
      );
    },
  },
];
