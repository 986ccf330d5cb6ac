import { isBot as isBotLogin } from "../core/incident/state.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";

/**
 * GitHub's issue and comment objects have the same shape in webhook payloads and REST responses:
 * one mapping serves the router (payloads) and the Octokit port (responses).
 */
export interface GitHubUserLike {
  login: string;
  type?: string;
}

export interface GitHubCommentLike {
  id: number;
  node_id?: string;
  body?: string | null;
  user?: GitHubUserLike | null;
  created_at: string;
  updated_at?: string;
  html_url: string;
}

export interface GitHubIssueLike {
  number: number;
  id: number;
  title: string;
  body?: string | null;
  state?: string;
  state_reason?: string | null;
  labels?: ({ name?: string } | string)[];
  assignees?: GitHubUserLike[] | null;
  user?: GitHubUserLike | null;
  created_at: string;
  html_url: string;
  /** New in GitHub's issue object; absent on older servers (then unknown, not "none"). */
  pinned_comment?: GitHubCommentLike | null;
}

export function isBot(user: GitHubUserLike | null | undefined): boolean {
  return user?.type === "Bot" || isBotLogin(user?.login ?? "");
}

export function issueSnapshot(issue: GitHubIssueLike): IssueSnapshot {
  return {
    number: issue.number,
    id: issue.id,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state === "closed" ? "closed" : "open",
    ...(issue.state_reason !== undefined ? { stateReason: issue.state_reason } : {}),
    labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    author: issue.user?.login ?? "ghost",
    createdAt: issue.created_at,
    htmlUrl: issue.html_url,
    ...(issue.pinned_comment !== undefined
      ? { pinnedComment: issue.pinned_comment ? commentSnapshot(issue.pinned_comment) : null }
      : {}),
  };
}

export function commentSnapshot(comment: GitHubCommentLike): CommentSnapshot {
  return {
    id: comment.id,
    author: comment.user?.login ?? "ghost",
    authorIsBot: isBot(comment.user),
    edited: comment.updated_at !== undefined && comment.updated_at !== comment.created_at,
    body: comment.body ?? "",
    createdAt: comment.created_at,
    htmlUrl: comment.html_url,
    ...(comment.node_id ? { nodeId: comment.node_id } : {}),
  };
}
