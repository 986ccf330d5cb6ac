import { serviceOfEnvironment } from "../core/incident/catalog.js";
import type { EventOf } from "../core/incident/events.js";
import { eventSchema } from "../core/incident/log-schema.js";
import { changeKey } from "../core/incident/state.js";
import type { ServiceDeps } from "./deps.js";
import { withIncidentLock } from "./incident-lock.js";
import { findIncident, HOTWASH_ACTOR, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import type { IssueSnapshot } from "./port.js";

/**
 * Open incidents one change is recorded on, newest first: a repository with more open at once has
 * a bigger problem than its timelines, and one webhook must not turn into hundreds of writes.
 */
export const MAX_INCIDENTS_PER_CHANGE = 20;

/** Deployment states worth a timeline entry: started and finished, not queued or superseded. */
const RECORDED_STATES = new Set(["in_progress", "success", "failure", "error"]);

export type Change = EventOf<"deployment"> | EventOf<"merged">;

export type ChangeOutcome =
  | { kind: "ignored"; reason: string }
  | {
      kind: "done";
      /** Incidents the change was recorded on now (a redelivery records on none). */
      incidents: number[];
      /** The entry recorded (none when no incident took it). */
      events: Change[];
      /** Open incidents beyond the cap, not updated. */
      skipped: number;
      failures: { issue: number; error: string }[];
    };

interface DeploymentStatusPayload {
  deployment_status?: {
    id: number;
    state: string;
    environment?: string;
    created_at: string;
    log_url?: string | null;
    target_url?: string | null;
    environment_url?: string | null;
  };
  deployment?: {
    id: number;
    sha: string;
    ref: string;
    environment: string;
    creator?: { login: string } | null;
  };
  sender?: { login: string };
}

interface MergedPullPayload {
  action?: string;
  pull_request?: {
    number: number;
    title: string;
    html_url: string;
    merged?: boolean | null;
    merged_at?: string | null;
    user?: { login: string } | null;
    base?: { ref: string };
  };
  repository?: { name?: string; default_branch?: string };
}

/** `deployment_status`: the deployment's new state, on the timeline of every open incident. */
export async function handleDeploymentStatus(
  deps: ServiceDeps,
  payload: DeploymentStatusPayload,
): Promise<ChangeOutcome> {
  const status = payload.deployment_status;
  const deployment = payload.deployment;
  if (!status || !deployment) return { kind: "ignored", reason: "no deployment in the payload" };
  if (!RECORDED_STATES.has(status.state))
    return { kind: "ignored", reason: `deployment state ${status.state} is not recorded` };
  const loaded = await loadConfig(deps.port);
  const environment = status.environment || deployment.environment;
  const change: Change = {
    type: "deployment",
    at: status.created_at,
    actor: HOTWASH_ACTOR,
    deploymentId: deployment.id,
    statusId: status.id,
    service: serviceOfEnvironment(loaded.config, environment),
    environment,
    ref: deployment.ref,
    sha: deployment.sha,
    state: status.state,
    creator: deployment.creator?.login ?? payload.sender?.login ?? "ghost",
    url: status.log_url || status.target_url || status.environment_url || null,
  };
  return recordChange(deps, change, loaded);
}

/** A pull request merged into the default branch (not a post-mortem's: route.ts sends those elsewhere). */
export async function handleMergedPull(
  deps: ServiceDeps,
  payload: MergedPullPayload,
): Promise<ChangeOutcome> {
  const pull = payload.pull_request;
  if (payload.action !== "closed" || !pull?.merged || !pull.merged_at)
    return { kind: "ignored", reason: "not a merge" };
  const defaultBranch = payload.repository?.default_branch;
  if (defaultBranch && pull.base?.ref !== defaultBranch)
    return { kind: "ignored", reason: `merged into ${pull.base?.ref ?? "?"}, not the default branch` };
  const change: Change = {
    type: "merged",
    at: pull.merged_at,
    actor: HOTWASH_ACTOR,
    number: pull.number,
    title: pull.title,
    author: pull.user?.login ?? "ghost",
    mergedAt: pull.merged_at,
    url: pull.html_url,
  };
  return recordChange(deps, change, await loadConfig(deps.port));
}

/**
 * The change, on each open, declared and unresolved incident (drills too: they practise reading the
 * timeline) that does not have it yet, each under its own lock.
 */
async function recordChange(deps: ServiceDeps, change: Change, loaded: LoadedConfig): Promise<ChangeOutcome> {
  // What GitHub sent is checked as the log will be: a ref or title the log cannot hold is dropped
  // here, not written into a board that then no longer reads.
  if (!eventSchema.safeParse(change).success) {
    deps.log?.warn("a change has fields the incident log cannot hold; not recorded", { type: change.type });
    return { kind: "ignored", reason: "the change has fields the incident log cannot hold" };
  }
  const open = await deps.port.listIssues(loaded.config.labels.incident, "open");
  if (!open.length) return { kind: "ignored", reason: "no open incident" };
  const newest = [...open].sort((a, b) => b.number - a.number);
  const chosen = newest.slice(0, MAX_INCIDENTS_PER_CHANGE);
  const skipped = newest.length - chosen.length;
  if (skipped)
    deps.log?.warn("more open incidents than one change is recorded on; the oldest are skipped", { skipped });
  const incidents: number[] = [];
  const failures: { issue: number; error: string }[] = [];
  for (const issue of chosen) {
    try {
      if (await recordOn(deps, issue, change, loaded)) incidents.push(issue.number);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log?.warn("could not record a change on an incident", { issue: issue.number, error: message });
      failures.push({ issue: issue.number, error: message });
    }
  }
  return { kind: "done", incidents, events: incidents.length ? [change] : [], skipped, failures };
}

async function recordOn(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  change: Change,
  { config, problems }: LoadedConfig,
): Promise<boolean> {
  return withIncidentLock(deps, [issue.number], async (locked) => {
    const found = await findIncident(locked, issue.number, issue.pinnedComment);
    // A change never declares: an incident without a board waits for a person's event to repair it.
    if (!found.board) return false;
    const loaded = await repairIfNeeded(locked, found, issue, config);
    const { state } = loaded;
    if (!state.declared || state.closed || state.status === "resolved") return false;
    // Before declaration it is a suspect (see suspects.ts), not something that happened during it.
    if (state.milestones.declaredAt && Date.parse(change.at) < Date.parse(state.milestones.declaredAt))
      return false;
    // A redelivery: the state keeps the keys of recent changes (the tail's and the sealed part's).
    if (state.changes.includes(changeKey(change))) return false;
    await saveIncident(locked, issue, withEvents(loaded, [change]), { config, configProblems: problems });
    return true;
  });
}
