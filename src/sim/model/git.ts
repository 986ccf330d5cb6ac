/** Git objects: blobs, flat trees, commits and refs, per repository. */
import type { CommitRec, FlatTree, GitPerson, RepoRec, SimState, UserRec } from "../state.js";
import { blobSha, iso, sha1 } from "../util.js";

export function putBlob(repo: RepoRec, content: Buffer): string {
  const sha = blobSha(content);
  repo.blobs.set(sha, content);
  return sha;
}

export function putTree(repo: RepoRec, entries: ReadonlyMap<string, string>): string {
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sha = sha1(`tree\n${[...sorted].map(([p, s]) => `${s} ${p}`).join("\n")}`);
  if (!repo.trees.has(sha)) repo.trees.set(sha, sorted);
  return sha;
}

export function treeOf(repo: RepoRec, sha: string): FlatTree | undefined {
  return repo.trees.get(sha);
}

export function personOf(user: UserRec, date: Date): GitPerson {
  return { name: user.name ?? user.login, email: user.email, date: iso(date) };
}

export function loginForEmail(st: SimState, email: string): string | null {
  for (const user of st.users.values())
    if (user.email.toLowerCase() === email.toLowerCase()) return user.login;
  return null;
}

export interface NewCommit {
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
}

export function createCommit(st: SimState, repo: RepoRec, c: NewCommit): CommitRec {
  const sha = sha1(
    JSON.stringify({
      t: c.tree,
      p: c.parents,
      m: c.message,
      a: c.author,
      c: c.committer,
      s: st.nextShaSalt(),
    }),
  );
  const rec: CommitRec = {
    sha,
    tree: c.tree,
    parents: [...c.parents],
    message: c.message,
    author: c.author,
    committer: c.committer,
    authorLogin: loginForEmail(st, c.author.email),
    committerLogin: loginForEmail(st, c.committer.email),
  };
  repo.commits.set(sha, rec);
  return rec;
}

/** Normalise `main`, `heads/main`, `refs/heads/main` to `refs/heads/main`. */
export function qualifyRef(ref: string): string {
  if (ref.startsWith("refs/")) return ref;
  if (ref.startsWith("heads/") || ref.startsWith("tags/")) return `refs/${ref}`;
  return `refs/heads/${ref}`;
}

/** Resolve a branch, tag, qualified ref or (abbreviated) commit sha to a commit sha. */
export function resolveRef(repo: RepoRec, ref: string): string | undefined {
  for (const candidate of [qualifyRef(ref), `refs/tags/${ref}`]) {
    const sha = repo.refs.get(candidate);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    const lower = ref.toLowerCase();
    if (repo.commits.has(lower)) return lower;
    for (const sha of repo.commits.keys()) if (sha.startsWith(lower)) return sha;
  }
  return undefined;
}

export function branchSha(repo: RepoRec, branch: string): string | undefined {
  return repo.refs.get(`refs/heads/${branch}`);
}

export function commitOf(repo: RepoRec, sha: string): CommitRec | undefined {
  return repo.commits.get(sha);
}

export function readFile(repo: RepoRec, commitSha: string, path: string): Buffer | undefined {
  const commit = repo.commits.get(commitSha);
  const tree = commit && repo.trees.get(commit.tree);
  const blob = tree?.get(path);
  return blob === undefined ? undefined : repo.blobs.get(blob);
}

export interface DirEntry {
  name: string;
  path: string;
  type: "file" | "dir";
  sha: string;
  size: number;
}

/** Entries directly under `dir` ("" for the root), or undefined when it is not a directory. */
export function listDir(repo: RepoRec, commitSha: string, dir: string): DirEntry[] | undefined {
  const commit = repo.commits.get(commitSha);
  const tree = commit && repo.trees.get(commit.tree);
  if (!tree) return undefined;
  const prefix = dir === "" ? "" : `${dir.replace(/\/$/, "")}/`;
  const entries = new Map<string, DirEntry>();
  for (const [path, sha] of tree) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) {
      entries.set(rest, { name: rest, path, type: "file", sha, size: repo.blobs.get(sha)?.length ?? 0 });
    } else {
      const name = rest.slice(0, slash);
      if (!entries.has(name)) {
        const sub = subtree(repo, tree, `${prefix}${name}/`);
        entries.set(name, { name, path: `${prefix}${name}`, type: "dir", sha: sub, size: 0 });
      }
    }
  }
  if (entries.size === 0 && dir !== "") return undefined;
  return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Store the part of a tree below `prefix` as its own tree and return its sha. */
function subtree(repo: RepoRec, tree: FlatTree, prefix: string): string {
  const entries = new Map<string, string>();
  for (const [path, sha] of tree) if (path.startsWith(prefix)) entries.set(path.slice(prefix.length), sha);
  return putTree(repo, entries);
}

export function ancestors(repo: RepoRec, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || seen.has(next)) continue;
    seen.add(next);
    for (const parent of repo.commits.get(next)?.parents ?? []) stack.push(parent);
  }
  return seen;
}

/** Nearest common ancestor (breadth-first from `b`). */
export function mergeBase(repo: RepoRec, a: string, b: string): string | undefined {
  const ofA = ancestors(repo, a);
  const queue = [b];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || seen.has(next)) continue;
    seen.add(next);
    if (ofA.has(next)) return next;
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return undefined;
}

/** Commits reachable from `head`, newest first (committer date, then discovery order). */
export function log(repo: RepoRec, head: string): CommitRec[] {
  const order: CommitRec[] = [];
  const seen = new Set<string>();
  const queue = [head];
  while (queue.length > 0) {
    const sha = queue.shift();
    if (sha === undefined || seen.has(sha)) continue;
    seen.add(sha);
    const commit = repo.commits.get(sha);
    if (!commit) continue;
    order.push(commit);
    queue.push(...commit.parents);
  }
  const index = new Map(order.map((c, i) => [c.sha, i]));
  return order.sort(
    (x, y) =>
      y.committer.date.localeCompare(x.committer.date) || (index.get(x.sha) ?? 0) - (index.get(y.sha) ?? 0),
  );
}

/** Commits reachable from `head` but not from `base`, oldest first. */
export function commitsBetween(repo: RepoRec, base: string, head: string): CommitRec[] {
  const exclude = ancestors(repo, base);
  return log(repo, head)
    .filter((c) => !exclude.has(c.sha))
    .reverse();
}

export interface FileChange {
  filename: string;
  status: "added" | "removed" | "modified";
  sha: string;
  additions: number;
  deletions: number;
  patch: string;
}

function lines(repo: RepoRec, sha: string | undefined): string[] {
  if (sha === undefined) return [];
  const text = repo.blobs.get(sha)?.toString("utf8") ?? "";
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/** Per-file changes between two trees, with line counts from a multiset diff. */
export function diffTrees(repo: RepoRec, oldTree: FlatTree, newTree: FlatTree): FileChange[] {
  const paths = [...new Set([...oldTree.keys(), ...newTree.keys()])].sort();
  const changes: FileChange[] = [];
  for (const filename of paths) {
    const before = oldTree.get(filename);
    const after = newTree.get(filename);
    if (before === after) continue;
    const a = lines(repo, before);
    const b = lines(repo, after);
    const remaining = new Map<string, number>();
    for (const line of a) remaining.set(line, (remaining.get(line) ?? 0) + 1);
    const added: string[] = [];
    for (const line of b) {
      const left = remaining.get(line) ?? 0;
      if (left > 0) remaining.set(line, left - 1);
      else added.push(line);
    }
    const removed = a.filter((line) => {
      const left = remaining.get(line) ?? 0;
      if (left > 0) {
        remaining.set(line, left - 1);
        return true;
      }
      return false;
    });
    changes.push({
      filename,
      status: before === undefined ? "added" : after === undefined ? "removed" : "modified",
      sha: after ?? before ?? "",
      additions: added.length,
      deletions: removed.length,
      patch: `@@ -1,${a.length} +1,${b.length} @@\n${[...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join("\n")}`,
    });
  }
  return changes;
}

export const EMPTY_TREE = new Map<string, string>();

export function treeOfCommit(repo: RepoRec, sha: string | undefined): FlatTree {
  const commit = sha === undefined ? undefined : repo.commits.get(sha);
  return (commit && repo.trees.get(commit.tree)) ?? EMPTY_TREE;
}

export interface FileWrite {
  branch: string;
  /** Path → new content, or null to delete. */
  files: Record<string, string | Buffer | null>;
  message: string;
  author: UserRec;
}

/** Commit file changes on top of a branch (created from the default branch when missing). */
export function commitFiles(st: SimState, repo: RepoRec, w: FileWrite): CommitRec {
  const ref = `refs/heads/${w.branch}`;
  const parent = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
  const entries = new Map(treeOfCommit(repo, parent));
  for (const [path, content] of Object.entries(w.files)) {
    if (content === null) entries.delete(path);
    else entries.set(path, putBlob(repo, typeof content === "string" ? Buffer.from(content) : content));
  }
  const person = personOf(w.author, st.now());
  const commit = createCommit(st, repo, {
    tree: putTree(repo, entries),
    parents: parent ? [parent] : [],
    message: w.message,
    author: person,
    committer: person,
  });
  repo.refs.set(ref, commit.sha);
  repo.pushedAt = st.nowIso();
  return commit;
}

/** Apply the changes `head` made since the merge base onto `base`'s tree (head wins conflicts). */
export function mergeTrees(repo: RepoRec, baseSha: string, headSha: string): Map<string, string> {
  const mb = mergeBase(repo, baseSha, headSha);
  const ancestor = treeOfCommit(repo, mb);
  const headTree = treeOfCommit(repo, headSha);
  const result = new Map(treeOfCommit(repo, baseSha));
  for (const path of new Set([...ancestor.keys(), ...headTree.keys()])) {
    const before = ancestor.get(path);
    const after = headTree.get(path);
    if (before === after) continue;
    if (after === undefined) result.delete(path);
    else result.set(path, after);
  }
  return result;
}
