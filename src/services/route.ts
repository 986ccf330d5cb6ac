import { handleComment, type CommentOutcome } from "./handle-comment.js";
import { handleIssueEvent, type IssueAction, type IssueOutcome } from "./handle-issue.js";
import type { ServiceDeps } from "./deps.js";
import { handleWorkflowRun } from "./workflow-run.js";
import { sweepReminders } from "./reminders.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";

/**
 * One entry point for every face: the App passes Probot's payload, the Action the runner's event
 * file, the demo a simulator-built webhook. Payloads are GitHub's webhook JSON.
 */
export type RouteOutcome =
  | { event: string; kind: "ignored"; reason: string }
  | ({ event: string } & (CommentOutcome | IssueOutcome | { kind: string; [key: string]: unknown }));

// Only the fields Hotwash reads; the rest of GitHub's payload is passed through untouched.
export interface WebhookUser {
  login: string;
  type?: string;
}
export interface WebhookIssue {
  number: number;
  id: number;
  title: string;
  body?: string | null;
  state?: string;
  state_reason?: string | null;
  labels?: ({ name?: string } | string)[];
  assignees?: WebhookUser[] | null;
  user?: WebhookUser | null;
  created_at: string;
  updated_at?: string;
  closed_at?: string | null;
  html_url: string;
  pull_request?: unknown;
  pinned_comment?: NonNullable<WebhookPayload["comment"]> | null;
}
export interface WebhookPayload {
  action?: string;
  issue?: WebhookIssue;
  comment?: {
    id: number;
    body?: string | null;
    user?: WebhookUser | null;
    created_at: string;
    html_url: string;
  };
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
      issue: toIssue(payload.issue),
      comment: toComment(payload.comment),
      isPullRequest: Boolean(payload.issue.pull_request),
    });
    return { event: eventName, ...outcome };
  }
  if (eventName === "issues" && payload.issue && payload.sender && isIssueAction(payload.action)) {
    const issue = payload.issue;
    const outcome = await handleIssueEvent(deps, {
      action: payload.action,
      issue: { ...toIssue(issue), stateReason: issue.state_reason ?? null },
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

export function isBot(user: WebhookUser | null | undefined): boolean {
  return user?.type === "Bot" || (user?.login ?? "").endsWith("[bot]");
}

export function toIssue(issue: WebhookIssue): IssueSnapshot {
  return {
    number: issue.number,
    id: issue.id,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state === "closed" ? "closed" : "open",
    labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    author: issue.user?.login ?? "ghost",
    createdAt: issue.created_at,
    htmlUrl: issue.html_url,
    ...(issue.pinned_comment !== undefined
      ? { pinnedComment: issue.pinned_comment ? toComment(issue.pinned_comment) : null }
      : {}),
  };
}

function toComment(comment: NonNullable<WebhookPayload["comment"]>): CommentSnapshot {
  return {
    id: comment.id,
    author: comment.user?.login ?? "ghost",
    authorIsBot: isBot(comment.user),
    body: comment.body ?? "",
    createdAt: comment.created_at,
    htmlUrl: comment.html_url,
  };
}
