import type { IncidentEvent, RunConclusion } from "../core/incident/events.js";
import { runKey } from "../core/incident/state.js";
import { GitHubError } from "./port.js";
import type { ServiceDeps } from "./deps.js";
import { findIncident, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import type { RouteOutcome, WebhookPayload } from "./route.js";

interface WorkflowRunPayload {
  id: number;
  path?: string;
  name?: string | null;
  display_title?: string;
  status?: string | null;
  conclusion?: string | null;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
}

/** `run-name: "Hotwash diagnose api for incident #42"` in the example workflows ties a run to its incident. */
export function incidentFromRunTitle(title: string | undefined): number | null {
  const match = /#(\d+)\b/.exec(title ?? "");
  return match ? Number(match[1]) : null;
}

/** `workflow_run` requested/completed for Hotwash's workflows → timeline entries with conclusion and duration. */
export async function handleWorkflowRun(deps: ServiceDeps, payload: WebhookPayload): Promise<RouteOutcome> {
  const run = payload.workflow_run as WorkflowRunPayload | undefined;
  const phase =
    payload.action === "requested" ? "requested" : payload.action === "completed" ? "completed" : null;
  if (!run || !phase)
    return { event: "workflow_run", kind: "ignored", reason: `workflow_run.${payload.action}` };
  const issueNumber = incidentFromRunTitle(run.display_title);
  if (issueNumber === null)
    return { event: "workflow_run", kind: "ignored", reason: "run is not tied to an incident" };

  // Config first: most repositories run many workflows, and only Hotwash's are worth more requests.
  const { config, problems } = await loadConfig(deps.port);
  const workflow = (run.path ?? "").split("/").pop() ?? "";
  const known = new Set([
    config.workflows.diagnose.workflow,
    config.workflows.rollback.workflow,
    ...Object.values(config.services).flatMap((s) =>
      [s.diagnose, s.rollback].filter((w): w is string => Boolean(w)),
    ),
  ]);
  if (!known.has(workflow))
    return { event: "workflow_run", kind: "ignored", reason: "not a Hotwash workflow" };
  // A run title can name any number (a typo in a manual dispatch): no such issue is no incident.
  const [found, issue] = await Promise.all([
    findIncident(deps, issueNumber).catch(nullIfNotFound),
    deps.port.getIssue(issueNumber).catch(nullIfNotFound),
  ]);
  if (!found || !issue)
    return { event: "workflow_run", kind: "ignored", reason: `#${issueNumber} does not exist` };
  const loaded = await repairIfNeeded(deps, found, issue, config);
  if (!loaded.state.declared)
    return { event: "workflow_run", kind: "ignored", reason: `#${issueNumber} is not an incident` };
  const at = phase === "completed" ? run.updated_at : (run.run_started_at ?? run.created_at);
  // Redelivered or replayed: each run phase is recorded once. A re-run keeps the run id but starts
  // and finishes at new times, so each attempt is recorded.
  if (loaded.state.runs.includes(runKey({ runId: run.id, phase, at }))) {
    return { event: "workflow_run", kind: "duplicate", issue: issueNumber };
  }
  const started = Date.parse(run.run_started_at ?? run.created_at);
  const event: IncidentEvent = {
    type: "run",
    at,
    actor: (payload.sender as { login?: string } | undefined)?.login ?? "github-actions[bot]",
    runId: run.id,
    workflow,
    phase,
    conclusion: phase === "completed" ? ((run.conclusion ?? null) as RunConclusion) : null,
    url: run.html_url,
    durationMs: phase === "completed" ? Math.max(0, Date.parse(run.updated_at) - started) : null,
  };
  await saveIncident(deps, issue, withEvents(loaded, [event]), { config, configProblems: problems });
  return { event: "workflow_run", kind: "done", issue: issueNumber, events: [event] };
}

function nullIfNotFound(error: unknown): null {
  if (error instanceof GitHubError && error.kind === "not-found") return null;
  throw error;
}
