import { mayHaveCommand } from "../core/command/parse.js";
import { incidentOfActionItem } from "../core/postmortem/action-items.js";
import { incidentOfBranch } from "../core/postmortem/path.js";
import { handleComment, type CommentEvent, type CommentOutcome } from "./handle-comment.js";
import { handleIssueEvent, type IssueAction, type IssueEvent, type IssueOutcome } from "./handle-issue.js";
import type { ServiceDeps } from "./deps.js";
import { withIncidentLock } from "./incident-lock.js";
import { LockBusyError } from "./locks.js";
import { explainFailure, replyBody } from "./replies.js";
import { handleWorkflowRun, incidentFromRunTitle } from "./workflow-run.js";
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

/**
 * Each event that can change an incident is handled holding that incident's lock (see
 * incident-lock.ts), so one incident's events run one at a time, as if delivered in series.
 */
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
    const event: CommentEvent = {
      issue: issueSnapshot(payload.issue),
      comment: commentSnapshot(payload.comment),
      isPullRequest: Boolean(payload.issue.pull_request),
    };
    // Chatter, bots and pull requests are ignored without a request: no need to queue for the lock.
    const mayRun = !event.comment.authorIsBot && !event.isPullRequest && mayHaveCommand(event.comment.body);
    const outcome = mayRun
      ? await withIncidentLock(deps, [event.issue.number], (locked) => handleComment(locked, event)).catch(
          (error: unknown) => answerBusy(deps, event, error),
        )
      : await handleComment(deps, event);
    return { event: eventName, ...outcome };
  }
  if (eventName === "issues" && payload.issue && payload.sender && isIssueAction(payload.action)) {
    const issue = payload.issue;
    const event: IssueEvent = {
      action: payload.action,
      issue: { ...issueSnapshot(issue), stateReason: issue.state_reason ?? null },
      ...(payload.label ? { label: payload.label.name } : {}),
      sender: { login: payload.sender.login, isBot: isBot(payload.sender) },
      at: (payload.action === "closed" ? issue.closed_at : issue.updated_at) ?? deps.now().toISOString(),
    };
    // Hotwash's own label and state changes come back as webhooks and are ignored: no lock.
    const outcome = event.sender.isBot
      ? await handleIssueEvent(deps, event)
      : await withIncidentLock(deps, issuesLocked(event), (locked) => handleIssueEvent(locked, event));
    return { event: eventName, ...outcome };
  }
  if (eventName === "workflow_run") {
    const run = payload.workflow_run as { display_title?: string } | undefined;
    const incident = incidentFromRunTitle(run?.display_title);
    return incident === null
      ? handleWorkflowRun(deps, payload)
      : withIncidentLock(deps, [incident], (locked) => handleWorkflowRun(locked, payload));
  }
  if (eventName === "pull_request" && payload.action !== "closed") {
    // Pushes to a post-mortem pull request: the check run (reads only, so no lock).
    const { handlePostmortemCheck } = await import("./postmortem-check.js");
    return { event: eventName, ...(await handlePostmortemCheck(deps, payload)) };
  }
  if (eventName === "pull_request") {
    // Loaded on first use: only post-mortem merges need it.
    const { handlePullRequestEvent } = await import("./postmortem-merge.js");
    const head = (payload.pull_request as { head?: { ref?: string } } | undefined)?.head?.ref;
    const incident = payload.action === "closed" && head ? incidentOfBranch(head) : null;
    if (incident === null && payload.action === "closed") {
      // Any other merge is a change the open incidents' timelines show (each locked in turn).
      const { handleMergedPull } = await import("./changes.js");
      return { event: eventName, ...(await handleMergedPull(deps, payload)) };
    }
    const outcome =
      incident === null
        ? await handlePullRequestEvent(deps, payload)
        : await withIncidentLock(deps, [incident], (locked) => handlePullRequestEvent(locked, payload));
    return { event: eventName, ...outcome };
  }
  if (eventName === "deployment_status") {
    const { handleDeploymentStatus } = await import("./changes.js");
    return { event: eventName, ...(await handleDeploymentStatus(deps, payload)) };
  }
  if (eventName === "schedule" || eventName === "workflow_dispatch")
    return { event: eventName, ...(await sweepReminders(deps)) };
  return { event: eventName, kind: "ignored", reason: `${eventName}.${payload.action ?? ""} is not handled` };
}

/** The issue, and for an action item closed or reopened, the incident it is recorded on. */
function issuesLocked(event: IssueEvent): number[] {
  if (event.action !== "closed" && event.action !== "reopened") return [event.issue.number];
  const incident = incidentOfActionItem(event.issue.body);
  return incident === null ? [event.issue.number] : [event.issue.number, incident];
}

/** A command that never got the incident's lock: nothing ran, so it says to post it again. */
async function answerBusy(deps: ServiceDeps, event: CommentEvent, error: unknown): Promise<CommentOutcome> {
  if (!(error instanceof LockBusyError)) throw error;
  const text = explainFailure(error, "The command");
  deps.log?.warn("gave up waiting for the incident's lock", {
    issue: event.issue.number,
    comment: event.comment.id,
  });
  // 😕 is the receipt: a redelivery that also waits too long does not reply twice.
  if (await deps.port.react(event.comment.id, "confused"))
    await deps.port.createComment(event.issue.number, replyBody(event.comment.id, [text]));
  return { kind: "failed", error: text };
}

function isIssueAction(action: string | undefined): action is IssueAction {
  return action === "opened" || action === "labeled" || action === "closed" || action === "reopened";
}
