import type { Status } from "../config/schema.js";
import type { IncidentEvent, RunConclusion, SuspectDeployment, SuspectPull } from "./events.js";

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
  participants: string[];
  dispatches: DispatchInfo[];
  actionItems: ActionItem[];
  postmortem: { pullNumber: number; url: string; path: string } | null;
  reminders: string[];
  suspects: { windowStart: string; deployments: SuspectDeployment[]; pulls: SuspectPull[] } | null;
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
    participants: [],
    dispatches: [],
    actionItems: [],
    postmortem: null,
    reminders: [],
    suspects: null,
  };
}

/** Events in the order they were recorded → state. Pure and total: unknown combinations are ignored. */
export function foldIncident(events: readonly IncidentEvent[]): IncidentState {
  return events.reduce(applyEvent, emptyState());
}

export function applyEvent(state: IncidentState, event: IncidentEvent): IncidentState {
  const next: IncidentState = { ...state, participants: addParticipant(state.participants, event.actor) };
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
    case "dispatch":
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
    case "suspects":
      next.suspects = { windowStart: event.windowStart, deployments: event.deployments, pulls: event.pulls };
      return next;
    case "reminder":
      next.reminders = [...state.reminders, event.key];
      return next;
    case "note":
    case "backdated":
    case "report":
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

export function isBot(login: string): boolean {
  return login.endsWith("[bot]");
}
