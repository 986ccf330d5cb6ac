/** Pull request objects: `pull-request` (full) and `pull-request-simple`. */
import { commitsBetween, diffTrees, mergeBase, treeOfCommit } from "../model/git.js";
import { pullShas } from "../model/pulls.js";
import { authorAssociation } from "../model/users.js";
import type { IssueRec, PullRec, RepoRec, SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { nodeId } from "../util.js";
import { issueLabels } from "./issues.js";
import { repoApi, repoWeb, repository } from "./repos.js";
import { simpleUser, simpleUserOrNull } from "./users.js";

function side(st: SimState, repo: RepoRec, branch: string, sha: string): RestObject {
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha,
    user: simpleUser(st, repo.owner),
    repo: repository(st, repo),
  };
}

export function pullRequest(st: SimState, repo: RepoRec, rec: IssueRec, full = true): RestObject {
  const pull = rec.pull as PullRec;
  const { head, base } = pullShas(repo, pull);
  const api = `${repoApi(st, repo)}/pulls/${rec.number}`;
  const issueApi = `${repoApi(st, repo)}/issues/${rec.number}`;
  const web = `${repoWeb(st, repo)}/pull/${rec.number}`;
  const assignees = rec.assignees.map((a) => simpleUser(st, a));
  const obj: RestObject = {
    url: api,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    number: rec.number,
    state: rec.state,
    locked: rec.locked,
    title: rec.title,
    user: simpleUser(st, rec.user),
    body: rec.body,
    created_at: rec.createdAt,
    updated_at: rec.updatedAt,
    closed_at: rec.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.map((r) => simpleUser(st, r)),
    requested_teams: [],
    // GitHub sends `description: null` here too, but the OpenAPI description types a pull request's
    // label description as a plain string; "" keeps responses inside the spec we validate against.
    labels: issueLabels(st, repo, rec).map((l) => ({ ...l, description: l["description"] ?? "" })),
    milestone: null,
    draft: pull.draft,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(st, repo)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(st, repo)}/statuses/${head}`,
    head: side(st, repo, pull.head, head),
    base: side(st, repo, pull.base, base),
    _links: {
      self: { href: api },
      html: { href: web },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(st, repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(st, repo)}/statuses/${head}` },
    },
    author_association: authorAssociation(st, repo, rec.user),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (!full) return obj;
  const mb = mergeBase(repo, base, head) ?? base;
  const files = diffTrees(repo, treeOfCommit(repo, mb), treeOfCommit(repo, head));
  const open = rec.state === "open";
  return {
    ...obj,
    merged: pull.merged,
    mergeable: open ? true : null,
    rebaseable: open ? true : null,
    mergeable_state: open ? "clean" : "unknown",
    merged_by: simpleUserOrNull(st, pull.mergedBy),
    comments: rec.comments.length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: commitsBetween(repo, mb, head).length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}
