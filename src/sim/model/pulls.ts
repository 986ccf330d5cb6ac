/** Pull requests: open, update, request reviewers, merge. */
import { githubError, validationFailed } from "../errors.js";
import type { IssueRec, PullRec, RepoRec, SimState } from "../state.js";
import { branchSha, commitsBetween, createCommit, mergeTrees, personOf, putTree } from "./git.js";
import { type Actor, addEvent, closeIssue, createIssue } from "./issues.js";
import { ensureUser, isCollaborator } from "./users.js";

export interface NewPull {
  head: string;
  base?: string;
  title: string;
  body?: string | null;
  draft?: boolean;
  maintainerCanModify?: boolean;
}

/** Branch name from `branch` or `owner:branch` (forks are not simulated). */
export function headBranch(repo: RepoRec, head: string): string | undefined {
  const colon = head.indexOf(":");
  if (colon === -1) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.toLowerCase() ? head.slice(colon + 1) : undefined;
}

export function createPull(st: SimState, repo: RepoRec, actor: Actor, spec: NewPull): IssueRec {
  const head = headBranch(repo, spec.head);
  const base = spec.base ?? repo.defaultBranch;
  const headSha = head === undefined ? undefined : branchSha(repo, head);
  const baseSha = branchSha(repo, base);
  if (head === undefined || headSha === undefined) {
    throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  }
  if (baseSha === undefined)
    throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  const duplicate = [...repo.issues.values()].find(
    (i) => i.pull && i.state === "open" && i.pull.head === head && i.pull.base === base,
  );
  if (duplicate) {
    throw validationFailed([
      {
        resource: "PullRequest",
        code: "custom",
        field: "head",
        message: `A pull request already exists for ${repo.owner}:${head}.`,
      },
    ]);
  }
  if (commitsBetween(repo, baseSha, headSha).length === 0) {
    throw validationFailed([
      {
        resource: "PullRequest",
        code: "custom",
        field: "head",
        message: `No commits between ${base} and ${head}`,
      },
    ]);
  }
  const issue = createIssue(st, repo, actor, { title: spec.title, body: spec.body ?? null });
  const pull: PullRec = {
    id: st.nextId(),
    head,
    base,
    headSha,
    baseSha,
    draft: spec.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    maintainerCanModify: spec.maintainerCanModify ?? false,
  };
  issue.pull = pull;
  return issue;
}

/** Current head/base shas (live from the branches while they exist). */
export function pullShas(repo: RepoRec, pull: PullRec): { head: string; base: string } {
  if (!pull.merged) {
    pull.headSha = branchSha(repo, pull.head) ?? pull.headSha;
    pull.baseSha = branchSha(repo, pull.base) ?? pull.baseSha;
  }
  return { head: pull.headSha, base: pull.baseSha };
}

export function requestReviewers(
  st: SimState,
  repo: RepoRec,
  issue: IssueRec,
  actor: Actor,
  reviewers: string[],
): void {
  const pull = issue.pull;
  if (!pull) return;
  for (const login of reviewers) {
    if (login.toLowerCase() === issue.user.toLowerCase()) {
      throw validationFailed([], "Review cannot be requested from pull request author.");
    }
    if (!st.findUser(login) || !isCollaborator(st, repo, login)) {
      throw validationFailed(
        [],
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
      );
    }
  }
  for (const login of reviewers) {
    const canonical = st.findUser(login)?.login ?? login;
    if (pull.requestedReviewers.includes(canonical)) continue;
    pull.requestedReviewers.push(canonical);
    addEvent(st, issue, actor, "review_requested", { reviewer: canonical });
  }
  issue.updatedAt = st.nowIso();
}

export interface MergeOptions {
  method?: "merge" | "squash" | "rebase";
  sha?: string;
  title?: string;
  message?: string;
}

/** Merge a pull request: a commit on the base branch that applies the head's changes. */
export function mergePull(
  st: SimState,
  repo: RepoRec,
  issue: IssueRec,
  actor: Actor,
  opts: MergeOptions = {},
): string {
  const pull = issue.pull;
  if (!pull || issue.state !== "open" || pull.merged) throw githubError(405, "Pull Request is not mergeable");
  const { head, base } = pullShas(repo, pull);
  if (opts.sha !== undefined && opts.sha !== head) {
    throw githubError(409, "Head branch was modified. Review and try the merge again.");
  }
  const method = opts.method ?? "merge";
  const tree = putTree(repo, mergeTrees(repo, base, head));
  const title =
    opts.title ??
    (method === "merge"
      ? `Merge pull request #${issue.number} from ${repo.owner}/${pull.head}`
      : `${issue.title} (#${issue.number})`);
  const message = opts.message ?? (method === "merge" ? issue.title : "");
  const person = personOf(ensureUser(st, actor.login), st.now());
  const commit = createCommit(st, repo, {
    tree,
    parents: method === "merge" ? [base, head] : [base],
    message: message === "" ? title : `${title}\n\n${message}`,
    author: person,
    committer: person,
  });
  repo.refs.set(`refs/heads/${pull.base}`, commit.sha);
  repo.pushedAt = st.nowIso();
  pull.merged = true;
  pull.mergedAt = st.nowIso();
  pull.mergedBy = actor.login;
  pull.mergeCommitSha = commit.sha;
  pull.baseSha = base;
  pull.headSha = head;
  addEvent(st, issue, actor, "merged", { commitId: commit.sha });
  closeIssue(st, issue, actor, null);
  return commit.sha;
}
