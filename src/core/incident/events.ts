import type { Status } from "../config/schema.js";

/**
 * The incident's append-only log. Every entry says when it happened, who caused it and, for
 * commands, which comment (its id is the idempotency key: a comment is executed at most once).
 */
interface EventBase {
  /** ISO-8601 UTC time the thing happened (for backdated entries: the time it is about). */
  at: string;
  /** GitHub login of the person (or app) responsible. */
  actor: string;
  /** Id of the issue comment that caused it, when a command did. */
  source?: number;
}

export type RunConclusion =
  | "success"
  | "failure"
  | "cancelled"
  | "timed_out"
  | "action_required"
  | "neutral"
  | "skipped"
  | "stale"
  | "startup_failure"
  | null;

export type IncidentEvent = EventBase &
  /** commander is null when the declarer cannot be assigned (e.g. an outside reporter). */
  (
    | { type: "declared"; title: string; severity: string; drill: boolean; commander: string | null }
    | { type: "severity"; from: string | null; to: string }
    | { type: "status"; status: Status; message: string | null }
    | { type: "commander"; user: string }
    | { type: "role"; role: string; user: string }
    | { type: "note"; text: string }
    /** A `/timeline` entry: `at` is the time it is about, `recordedAt` when it was written. */
    | { type: "backdated"; text: string; recordedAt: string }
    | { type: "closed" }
    | { type: "reopened" }
    /** The services the incident affects (the issue form's "Affected services", `/service`): the whole list. */
    | { type: "services"; services: string[] }
    | {
        type: "dispatch";
        command: "diagnose" | "rollback";
        service: string;
        workflow: string;
        ref: string | null;
        runId: number | null;
        runUrl: string | null;
      }
    | {
        type: "run";
        runId: number;
        workflow: string;
        phase: "requested" | "completed";
        conclusion: RunConclusion;
        url: string;
        durationMs: number | null;
      }
    | { type: "report"; runUrl: string | null; status: string; summary: string; commentUrl: string | null }
    | {
        type: "action-item";
        title: string;
        owner: string | null;
        due: string | null;
        priority: string;
        issue: number | null;
      }
    | { type: "action-item-closed"; issue: number }
    | { type: "action-item-reopened"; issue: number }
    | { type: "postmortem"; pullNumber: number; url: string; path: string }
    /** The post-mortem pull request was merged (`at`: when GitHub merged it): the post-mortem is done. */
    | { type: "postmortem-merged"; pullNumber: number }
    | { type: "reminder"; key: string; text: string }
    /** Changes shipped in the window before declaration: the first places to look. */
    | { type: "suspects"; windowStart: string; deployments: SuspectDeployment[]; pulls: SuspectPull[] }
    /** A deployment status GitHub reported while the incident was open (`actor` is Hotwash). */
    | ({ type: "deployment" } & DeploymentChange)
    /** A pull request merged while the incident was open (`actor` is Hotwash). */
    | ({ type: "merged" } & SuspectPull)
    /** `/timeline fix`: `entry` is the corrected entry's 1-based log index (its `t…` ref); null keeps a field. */
    | { type: "correction"; entry: number; text: string | null; to: string | null }
    /** `/timeline drop`: the entry at 1-based log index `entry` is retracted. */
    | { type: "retraction"; entry: number }
  );

export type IncidentEventType = IncidentEvent["type"];
export type EventOf<T extends IncidentEventType> = Extract<IncidentEvent, { type: T }>;

export interface SuspectDeployment {
  service: string;
  environment: string;
  ref: string;
  sha: string;
  at: string;
  creator: string;
  state: string | null;
}

export interface DeploymentChange {
  deploymentId: number;
  /** The deployment status's id: a redelivered status is recorded once. */
  statusId: number;
  /** The configured service deploying to this environment; null: none claims it. */
  service: string | null;
  environment: string;
  ref: string;
  sha: string;
  /** success, failure, error, in_progress… */
  state: string;
  creator: string;
  url: string | null;
}

export interface SuspectPull {
  number: number;
  title: string;
  author: string;
  mergedAt: string;
  url: string;
}
