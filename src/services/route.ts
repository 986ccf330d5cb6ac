import { handleComment, type CommentOutcome } from "./handle-comment.js";
import { handleIssueEvent, type IssueAction, type IssueOutcome } from "./handle-issue.js";
import type { ServiceDeps } from "./deps.js";
import { handleWorkflowRun } from "./workflow-run.js";
import {
  commentSnapshot,
  isBot,
  issueSnapshot,
  type GitHubCommentLike,
  type GitHubIssueLike,
  type GitHubUserLike,
} from "./snapshots.js";
import { sweepReminders } from "./reminders.js";

/**
 * One entry point for every face: the App passes Probot's payload, the Action the runner's event
 * file, the demo a simulator-built webhook. Payloads are GitHub's webhook JSON.
 */
export type RouteOutcome =
  | { event: string; kind: "ignored"; reason: string }
  | ({ event: string } & (CommentOutcome | IssueOutcome | { kind: string; [key: string]: unknown }));

// Only the fields Hotwash reads; the rest of GitHub's payload is passed through untouched.
export type WebhookUser = GitHubUserLike;
export interface WebhookIssue extends GitHubIssueLike {
  state_reason?: string | null;
  updated_at?: string;
  closed_at?: string | null;
  pull_request?: unknown;
}
export interface WebhookPayload {
  action?: string;
  issue?: WebhookIssue;
  comment?: GitHubCommentLike;
  label?: { name: string };
  sender?: WebhookUser;
  repository?: { html_url?: string; name: string; owner: { login: string } };
  [key: string]: unknown;
}

export async function routeEvent(
  deps: ServiceDeps,
  eventName: string,
  payload: WebhookPayload,
): Promise<RouteOutcome> {
  if (eventName === "issue_comment") {
    if (payload.action !== "created" || !payload.issue || !payload.comment) {
      return {
        event: eventName,
        kind: "ignored",
        reason: `issue_comment.${payload.action}: only new comments run commands`,
      };
    }
    const outcome = await handleComment(deps, {
      issue: issueSnapshot(payload.issue),
      comment: commentSnapshot(payload.comment),
      isPullRequest: Boolean(payload.issue.pull_request),
    });
    return { event: eventName, ...outcome };
  }
  if (eventName === "issues" && payload.issue && payload.sender && isIssueAction(payload.action)) {
    const issue = payload.issue;
    const outcome = await handleIssueEvent(deps, {
      action: payload.action,
      issue: { ...issueSnapshot(issue), stateReason: issue.state_reason ?? null },
      ...(payload.label ? { label: payload.label.name } : {}),
      sender: { login: payload.sender.login, isBot: isBot(payload.sender) },
      at: (payload.action === "closed" ? issue.closed_at : issue.updated_at) ?? deps.now().toISOString(),
    });
    return { event: eventName, ...outcome };
  }
  if (eventName === "workflow_run") return handleWorkflowRun(deps, payload);
  if (eventName === "pull_request") {
    // Loaded on first use: only post-mortem merges need it.
    const { handlePullRequestEvent } = await import("./postmortem-merge.js");
    return { event: eventName, ...(await handlePullRequestEvent(deps, payload)) };
  }
  if (eventName === "schedule" || eventName === "workflow_dispatch")
    return { event: eventName, ...(await sweepReminders(deps)) };
  return { event: eventName, kind: "ignored", reason: `${eventName}.${payload.action ?? ""} is not handled` };
}

function isIssueAction(action: string | undefined): action is IssueAction {
  return action === "opened" || action === "labeled" || action === "closed" || action === "reopened";
}
