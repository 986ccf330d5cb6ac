import type { IncidentEvent } from "../core/incident/events.js";
import { dueReminders } from "../core/incident/reminders.js";
import type { ServiceDeps } from "./deps.js";
import { findIncident, HOTWASH_ACTOR, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import type { IssueSnapshot } from "./port.js";

const CLOSED_LOOKBACK_MS = 90 * 86_400_000;

export interface SweepOutcome {
  kind: "done";
  incidents: number;
  reminders: { issue: number; key: string }[];
}

/** A schedule tick: remind about overdue updates, missed acknowledgement, post-mortems and action items. */
export async function sweepReminders(deps: ServiceDeps): Promise<SweepOutcome> {
  const { config, problems } = await loadConfig(deps.port);
  if (!config.reminders.enabled) return { kind: "done", incidents: 0, reminders: [] };
  // Closed incidents still owe post-mortems and action items: include those updated recently.
  const since = new Date(deps.now().getTime() - CLOSED_LOOKBACK_MS).toISOString();
  const [open, closed] = await Promise.all([
    deps.port.listIssues(config.labels.incident, "open"),
    deps.port.listIssues(config.labels.incident, "closed", since),
  ]);
  const incidents = [...open, ...closed];
  const posted: SweepOutcome["reminders"] = [];
  // A few incidents at a time: concurrent reads, without bursting the write throttle.
  for (let i = 0; i < incidents.length; i += 4) {
    const batch = incidents.slice(i, i + 4);
    const results = await Promise.all(batch.map((issue) => remindOne(deps, issue, config, problems)));
    posted.push(...results.flat());
  }
  return { kind: "done", incidents: incidents.length, reminders: posted };
}

async function remindOne(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  config: Parameters<typeof dueReminders>[1],
  problems: string[] | null,
): Promise<{ issue: number; key: string }[]> {
  const loaded = await repairIfNeeded(
    deps,
    await findIncident(deps, issue.number, issue.pinnedComment),
    issue,
    config,
  );
  const reminders = dueReminders(loaded.state, config, deps.now());
  if (!reminders.length) return [];
  // Log first: if posting fails after this, the window is marked and nobody is pinged twice.
  const at = deps.now().toISOString();
  const events: IncidentEvent[] = reminders.map((r) => ({
    type: "reminder",
    at,
    actor: HOTWASH_ACTOR,
    key: r.key,
    text: r.text,
  }));
  await saveIncident(deps, issue, withEvents(loaded, events), { config, configProblems: problems });
  await deps.port.createComment(issue.number, reminders.map((r) => r.text).join("\n\n"));
  return reminders.map((r) => ({ issue: issue.number, key: r.key }));
}
