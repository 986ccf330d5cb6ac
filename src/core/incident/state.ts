import type { Status } from "../config/schema.js";
import type {
  DeploymentChange,
  EventOf,
  IncidentEvent,
  RunConclusion,
  SuspectDeployment,
  SuspectPull,
} from "./events.js";

export interface Milestones {
  declaredAt: string | null;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
}

export interface DispatchInfo {
  command: "diagnose" | "rollback";
  service: string;
  workflow: string;
  ref: string | null;
  actor: string;
  at: string;
  runId: number | null;
  runUrl: string | null;
  conclusion: RunConclusion;
  completedAt: string | null;
}

export interface ActionItem {
  title: string;
  owner: string | null;
  due: string | null;
  priority: string;
  issue: number | null;
  done: boolean;
}

/** A deployment that failed during the incident, kept until a later one to its service and environment succeeds. */
export interface FailedDeployment {
  service: string | null;
  environment: string;
  ref: string;
  sha: string;
  state: string;
  at: string;
  url: string | null;
}

export interface IncidentState {
  declared: boolean;
  drill: boolean;
  title: string;
  severity: string | null;
  status: Status;
  commander: string | null;
  roles: Record<string, string>;
  milestones: Milestones;
  /** Last human status update, for the update cadence. */
  lastUpdateAt: string | null;
  statusMessage: { text: string; at: string; actor: string } | null;
  closed: boolean;
  /** Services the incident affects, as last set (catalog names; unknown names are kept as written). */
  services: string[];
  participants: string[];
  dispatches: DispatchInfo[];
  actionItems: ActionItem[];
  postmortem: { pullNumber: number; url: string; path: string } | null;
  /** When the post-mortem pull request was first merged: the post-mortem is done. */
  postmortemMergedAt: string | null;
  reminders: string[];
  suspects: { windowStart: string; deployments: SuspectDeployment[]; pulls: SuspectPull[] } | null;
  /** Who declared the incident. */
  declaredBy: string | null;
  /** Everyone the log made commander, in order: they may be unassigned when the role moves on. */
  commanders: string[];
  /** Dispatches ever made (`dispatches` may hold fewer once the log is sealed, see compactState). */
  dispatchCount: number;
  /** `runId:phase:at` of recorded workflow runs: a redelivered run event is recorded once. */
  runs: string[];
  /** Keys of recorded changes (see `changeKey`): a redelivered deployment status or merge is recorded once. */
  changes: string[];
  failedDeployments: FailedDeployment[];
  /** Events folded into this state: the length of the whole log. */
  logLength: number;
}

export function emptyState(): IncidentState {
  return {
    declared: false,
    drill: false,
    title: "",
    severity: null,
    status: "investigating",
    commander: null,
    roles: {},
    milestones: { declaredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null },
    lastUpdateAt: null,
    statusMessage: null,
    closed: false,
    services: [],
    participants: [],
    dispatches: [],
    actionItems: [],
    postmortem: null,
    postmortemMergedAt: null,
    reminders: [],
    suspects: null,
    declaredBy: null,
    commanders: [],
    dispatchCount: 0,
    runs: [],
    changes: [],
    failedDeployments: [],
    logLength: 0,
  };
}

/**
 * Events in the order they were recorded → state. Pure, total and linear: `from` continues a fold
 * (the state of the sealed part of the log), so only new events are folded. Unknown combinations
 * are ignored.
 */
export function foldIncident(
  events: readonly IncidentEvent[],
  from: IncidentState = emptyState(),
): IncidentState {
  return events.reduce(applyEvent, from);
}

export function applyEvent(state: IncidentState, event: IncidentEvent): IncidentState {
  const next: IncidentState = {
    ...state,
    participants: addParticipant(state.participants, event.actor),
    logLength: state.logLength + 1,
  };
  const acknowledge = () => {
    if (!next.milestones.acknowledgedAt && next.declared && !isBot(event.actor)) {
      next.milestones = { ...next.milestones, acknowledgedAt: event.at };
    }
  };
  switch (event.type) {
    case "declared":
      if (state.declared) return next;
      next.declared = true;
      next.title = event.title;
      next.drill = event.drill;
      next.severity = event.severity;
      next.status = "investigating";
      next.commander = event.commander;
      next.commanders = event.commander ? addLogin(state.commanders, event.commander) : state.commanders;
      next.declaredBy = event.actor;
      next.milestones = { ...next.milestones, declaredAt: event.at };
      return next;
    case "severity":
      next.severity = event.to;
      return next;
    case "status":
      next.status = event.status;
      next.lastUpdateAt = event.at;
      if (event.message) next.statusMessage = { text: event.message, at: event.at, actor: event.actor };
      acknowledge();
      if (event.status === "monitoring" || event.status === "resolved") {
        next.milestones = { ...next.milestones, mitigatedAt: next.milestones.mitigatedAt ?? event.at };
      }
      if (event.status === "resolved") {
        next.milestones = { ...next.milestones, resolvedAt: event.at };
      } else if (state.status === "resolved") {
        next.milestones = { ...next.milestones, resolvedAt: null };
      }
      return next;
    case "commander":
      next.commander = event.user;
      next.commanders = addLogin(state.commanders, event.user);
      acknowledge();
      return next;
    case "role":
      next.roles = { ...state.roles, [event.role]: event.user };
      next.participants = addParticipant(next.participants, event.user);
      return next;
    case "closed":
      next.closed = true;
      return next;
    case "reopened":
      next.closed = false;
      return next;
    case "services":
      next.services = event.services;
      return next;
    case "dispatch":
      next.dispatchCount = state.dispatchCount + 1;
      next.dispatches = [
        ...state.dispatches,
        {
          command: event.command,
          service: event.service,
          workflow: event.workflow,
          ref: event.ref,
          actor: event.actor,
          at: event.at,
          runId: event.runId,
          runUrl: event.runUrl,
          conclusion: null,
          completedAt: null,
        },
      ];
      return next;
    case "run":
      next.dispatches = attachRun(state.dispatches, event);
      next.runs = [...state.runs, runKey(event)];
      return next;
    case "action-item":
      next.actionItems = [
        ...state.actionItems,
        {
          title: event.title,
          owner: event.owner,
          due: event.due,
          priority: event.priority,
          issue: event.issue,
          done: false,
        },
      ];
      return next;
    case "action-item-closed":
      next.actionItems = state.actionItems.map((item) =>
        item.issue === event.issue ? { ...item, done: true } : item,
      );
      return next;
    case "action-item-reopened":
      next.actionItems = state.actionItems.map((item) =>
        item.issue === event.issue ? { ...item, done: false } : item,
      );
      return next;
    case "postmortem":
      next.postmortem = { pullNumber: event.pullNumber, url: event.url, path: event.path };
      return next;
    case "postmortem-merged":
      next.postmortemMergedAt = state.postmortemMergedAt ?? event.at;
      return next;
    case "suspects":
      next.suspects = { windowStart: event.windowStart, deployments: event.deployments, pulls: event.pulls };
      return next;
    case "reminder":
      next.reminders = [...state.reminders, event.key];
      return next;
    case "deployment":
      next.changes = [...state.changes, changeKey(event)];
      next.failedDeployments = trackFailures(state.failedDeployments, event);
      return next;
    case "merged":
      next.changes = [...state.changes, changeKey(event)];
      return next;
    case "note":
    case "backdated":
    case "report":
    case "correction":
    case "retraction":
      return next;
  }
}

function attachRun(
  dispatches: DispatchInfo[],
  event: Extract<IncidentEvent, { type: "run" }>,
): DispatchInfo[] {
  // Match by run id; a dispatch made without run details (older GHES) adopts the first run of its workflow.
  let index = dispatches.findIndex((d) => d.runId === event.runId);
  if (index < 0) index = dispatches.findIndex((d) => d.runId === null && d.workflow === event.workflow);
  if (index < 0) return dispatches;
  return dispatches.map((d, i) =>
    i !== index
      ? d
      : {
          ...d,
          runId: event.runId,
          runUrl: event.url,
          conclusion: event.phase === "completed" ? event.conclusion : d.conclusion,
          completedAt: event.phase === "completed" ? (d.completedAt ?? event.at) : d.completedAt,
        },
  );
}

function addParticipant(participants: string[], login: string): string[] {
  if (!login || isBot(login) || participants.includes(login)) return participants;
  return [...participants, login];
}

function addLogin(logins: string[], login: string): string[] {
  return logins.includes(login) ? logins : [...logins, login];
}

/** Identifies one phase of one attempt of a workflow run (a re-run keeps the id, not the times). */
export function runKey(run: Pick<EventOf<"run">, "runId" | "phase" | "at">): string {
  return `${run.runId}:${run.phase}:${run.at}`;
}

/** Identifies a change: a deployment status (each has its own id) or a pull request's merge. */
export function changeKey(
  change: Pick<DeploymentChange, "statusId"> | Pick<SuspectPull, "number" | "mergedAt">,
): string {
  return "statusId" in change ? `deployment:${change.statusId}` : `merged:${change.number}`;
}

const DEPLOY_FAILED = new Set(["failure", "error"]);

/**
 * The failed deployments still unanswered: a success to the same service and environment clears
 * one, a deployment still running (or queued) does not make it safe yet.
 */
function trackFailures(failed: FailedDeployment[], event: EventOf<"deployment">): FailedDeployment[] {
  const same = (f: FailedDeployment) => f.service === event.service && f.environment === event.environment;
  if (event.state === "success") return failed.filter((f) => !same(f));
  if (!DEPLOY_FAILED.has(event.state)) return failed;
  const { service, environment, ref, sha, state, url } = event;
  return [...failed.filter((f) => !same(f)), { service, environment, ref, sha, state, at: event.at, url }];
}

// ---- compaction ------------------------------------------------------------------------------

/** Finished dispatches kept in a compacted state: the board lists the last 10. */
const DISPATCHES_KEPT = 10;
/** Unfinished dispatches kept (newest): their runs may still report. */
const OPEN_DISPATCHES_KEPT = 20;
const REMINDERS_KEPT = 100;

/**
 * The reminder keys that can still match a due reminder: every status-update window but the newest
 * is over, while acknowledgement, post-mortem and action-item keys stay due until their work is done.
 */
function liveReminderKeys(keys: readonly string[]): string[] {
  let newestUpdate: string | undefined;
  for (const key of keys) if (key.startsWith("update:")) newestUpdate = key;
  return keys.filter((key) => !key.startsWith("update:") || key === newestUpdate).slice(-REMINDERS_KEPT);
}
const RUNS_KEPT = 100;
/** Change keys kept: a redelivery comes within hours, not hundreds of changes later. */
const CHANGES_KEPT = 200;
/** One per service and environment; the board alerts for the newest. */
const FAILED_DEPLOYMENTS_KEPT = 20;
/** The board lists the 15 newest suspect changes. */
const SUSPECTS_KEPT = 15;
/** Conclusions after which a service's last rollback did its job, or visibly did not. */
const DECISIVE = new Set(["success", "failure", "timed_out", "startup_failure", "cancelled"]);

/**
 * The state as the board keeps it for the sealed part of the log: lists that grow with the log are
 * cut to what the board shows and what later events can still change (unfinished dispatches, each
 * service's last decisive rollback, recent reminder and run keys). Counters stay exact. The whole
 * log, in the sealed pages, folds to the uncut state for the post-mortem.
 */
export function compactState(state: IncidentState): IncidentState {
  const keep = new Set<DispatchInfo>();
  const all = state.dispatches;
  for (const d of all.slice(-DISPATCHES_KEPT)) keep.add(d);
  for (const d of all.filter((d) => d.conclusion === null).slice(-OPEN_DISPATCHES_KEPT)) keep.add(d);
  const lastRollback = new Map<string, DispatchInfo>();
  for (const d of all)
    if (d.command === "rollback" && DECISIVE.has(d.conclusion ?? "")) lastRollback.set(d.service, d);
  for (const d of lastRollback.values()) keep.add(d);
  const suspects = state.suspects;
  return {
    ...state,
    dispatches: all.filter((d) => keep.has(d)),
    reminders: liveReminderKeys(state.reminders),
    runs: state.runs.slice(-RUNS_KEPT),
    changes: state.changes.slice(-CHANGES_KEPT),
    failedDeployments: state.failedDeployments.slice(-FAILED_DEPLOYMENTS_KEPT),
    suspects: suspects && {
      ...suspects,
      deployments: newest(suspects.deployments, (d) => d.at),
      pulls: newest(suspects.pulls, (p) => p.mergedAt),
    },
  };
}

function newest<T>(items: T[], at: (item: T) => string): T[] {
  if (items.length <= SUSPECTS_KEPT) return items;
  const kept = new Set([...items].sort((a, b) => at(b).localeCompare(at(a))).slice(0, SUSPECTS_KEPT));
  return items.filter((item) => kept.has(item));
}

export function isBot(login: string): boolean {
  return login.endsWith("[bot]");
}
