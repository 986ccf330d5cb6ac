/** Git data objects (commits, refs, trees, blobs) and the contents API's file objects. */
import { type DirEntry, diffTrees, type FileChange, putTree, treeOfCommit } from "../model/git.js";
import type { CommitRec, RepoRec, SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { base64Lines, enc, encPath, nodeId } from "../util.js";
import { repoApi, repoWeb } from "./repos.js";
import { simpleUser } from "./users.js";

const UNSIGNED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

function parents(st: SimState, repo: RepoRec, c: CommitRec): RestObject[] {
  return c.parents.map((sha) => ({
    sha,
    url: `${repoApi(st, repo)}/commits/${sha}`,
    html_url: `${repoWeb(st, repo)}/commit/${sha}`,
  }));
}

/** `git-commit` (git database API). */
export function gitCommit(st: SimState, repo: RepoRec, c: CommitRec): RestObject {
  return {
    sha: c.sha,
    node_id: nodeId("Commit", c.sha),
    url: `${repoApi(st, repo)}/git/commits/${c.sha}`,
    html_url: `${repoWeb(st, repo)}/commit/${c.sha}`,
    author: { ...c.author },
    committer: { ...c.committer },
    tree: { sha: c.tree, url: `${repoApi(st, repo)}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((sha) => ({
      sha,
      url: `${repoApi(st, repo)}/git/commits/${sha}`,
      html_url: `${repoWeb(st, repo)}/commit/${sha}`,
    })),
    verification: { ...UNSIGNED },
  };
}

export function diffEntry(st: SimState, repo: RepoRec, ref: string, f: FileChange): RestObject {
  return {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoWeb(st, repo)}/blob/${ref}/${encPath(f.filename)}`,
    raw_url: `${repoWeb(st, repo)}/raw/${ref}/${encPath(f.filename)}`,
    contents_url: `${repoApi(st, repo)}/contents/${encPath(f.filename)}?ref=${ref}`,
    patch: f.patch,
  };
}

/** `commit` (REST commits API); `withFiles` adds stats and files against the first parent. */
export function restCommit(st: SimState, repo: RepoRec, c: CommitRec, withFiles = false): RestObject {
  const obj: RestObject = {
    sha: c.sha,
    node_id: nodeId("Commit", c.sha),
    commit: {
      author: { ...c.author },
      committer: { ...c.committer },
      message: c.message,
      tree: { sha: c.tree, url: `${repoApi(st, repo)}/git/trees/${c.tree}` },
      url: `${repoApi(st, repo)}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { ...UNSIGNED },
    },
    url: `${repoApi(st, repo)}/commits/${c.sha}`,
    html_url: `${repoWeb(st, repo)}/commit/${c.sha}`,
    comments_url: `${repoApi(st, repo)}/commits/${c.sha}/comments`,
    author: c.authorLogin ? simpleUser(st, c.authorLogin) : null,
    committer: c.committerLogin ? simpleUser(st, c.committerLogin) : null,
    parents: parents(st, repo, c),
  };
  if (withFiles) {
    const files = diffTrees(repo, treeOfCommit(repo, c.parents[0]), treeOfCommit(repo, c.sha));
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    obj["stats"] = { total: additions + deletions, additions, deletions };
    obj["files"] = files.map((f) => diffEntry(st, repo, c.sha, f));
  }
  return obj;
}

/** `simple-commit`, as in a workflow run's `head_commit`. */
export function simpleCommit(c: CommitRec): RestObject {
  return {
    id: c.sha,
    tree_id: c.tree,
    message: c.message,
    timestamp: c.committer.date,
    author: { name: c.author.name, email: c.author.email },
    committer: { name: c.committer.name, email: c.committer.email },
  };
}

export function gitRef(st: SimState, repo: RepoRec, ref: string, sha: string): RestObject {
  return {
    ref,
    node_id: nodeId("Ref", `${repo.id}:${ref}`),
    url: `${repoApi(st, repo)}/git/${encPath(ref)}`,
    object: { sha, type: "commit", url: `${repoApi(st, repo)}/git/commits/${sha}` },
  };
}

/** `git-tree`: top-level entries (or every entry, recursively). */
export function gitTree(
  st: SimState,
  repo: RepoRec,
  sha: string,
  recursive: boolean,
): RestObject | undefined {
  const tree = repo.trees.get(sha);
  if (!tree) return undefined;
  const entries: RestObject[] = [];
  const dirs = new Set<string>();
  for (const [path, blob] of tree) {
    const parts = path.split("/");
    if (!recursive && parts.length > 1) {
      const dir = parts[0] ?? "";
      if (!dirs.has(dir)) {
        dirs.add(dir);
        const sub = new Map<string, string>();
        for (const [p, s] of tree) if (p.startsWith(`${dir}/`)) sub.set(p.slice(dir.length + 1), s);
        entries.push(treeEntry(st, repo, dir, "tree", putTree(repo, sub)));
      }
      continue;
    }
    if (recursive) {
      for (let i = 1; i < parts.length; i += 1) {
        const dir = parts.slice(0, i).join("/");
        if (dirs.has(dir)) continue;
        dirs.add(dir);
        const sub = new Map<string, string>();
        for (const [p, s] of tree) if (p.startsWith(`${dir}/`)) sub.set(p.slice(dir.length + 1), s);
        entries.push(treeEntry(st, repo, dir, "tree", putTree(repo, sub)));
      }
    }
    entries.push(treeEntry(st, repo, path, "blob", blob));
  }
  return { sha, url: `${repoApi(st, repo)}/git/trees/${sha}`, tree: entries, truncated: false };
}

function treeEntry(
  st: SimState,
  repo: RepoRec,
  path: string,
  type: "blob" | "tree",
  sha: string,
): RestObject {
  return {
    path,
    mode: type === "tree" ? "040000" : "100644",
    type,
    sha,
    ...(type === "blob" ? { size: repo.blobs.get(sha)?.length ?? 0 } : {}),
    url: `${repoApi(st, repo)}/git/${type === "tree" ? "trees" : "blobs"}/${sha}`,
  };
}

function contentUrls(st: SimState, repo: RepoRec, path: string, ref: string, sha: string, dir: boolean) {
  const self = `${repoApi(st, repo)}/contents/${encPath(path)}?ref=${enc(ref)}`;
  const git = `${repoApi(st, repo)}/git/${dir ? "trees" : "blobs"}/${sha}`;
  const html = `${repoWeb(st, repo)}/${dir ? "tree" : "blob"}/${enc(ref)}/${encPath(path)}`;
  return { self, git, html };
}

/** `content-file`. */
export function contentFile(
  st: SimState,
  repo: RepoRec,
  path: string,
  ref: string,
  sha: string,
  content: Buffer,
): RestObject {
  const { self, git, html } = contentUrls(st, repo, path, ref, sha, false);
  return {
    type: "file",
    encoding: "base64",
    size: content.length,
    name: path.split("/").pop() ?? path,
    path,
    content: base64Lines(content),
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${repo.fullName}/${enc(ref)}/${encPath(path)}`,
    _links: { self, git, html },
  };
}

/** One item of a `content-directory` listing. */
export function contentDirEntry(st: SimState, repo: RepoRec, ref: string, e: DirEntry): RestObject {
  const dir = e.type === "dir";
  const { self, git, html } = contentUrls(st, repo, e.path, ref, e.sha, dir);
  return {
    type: e.type,
    size: e.size,
    name: e.name,
    path: e.path,
    sha: e.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: dir
      ? null
      : `https://raw.githubusercontent.com/${repo.fullName}/${enc(ref)}/${encPath(e.path)}`,
    _links: { self, git, html },
  };
}
