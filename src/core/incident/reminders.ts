import { postmortemRequiredFor, type HotwashConfig } from "../config/schema.js";
import { ownValue } from "../config/lookup.js";
import { computeMetrics } from "../metrics/metrics.js";
import { mention } from "../text/markdown.js";
import type { IncidentState } from "./state.js";

export interface Reminder {
  /** Identifies the window: a reminder whose key is already in the log is not posted again. */
  key: string;
  text: string;
}

/** Which reminders a scheduled sweep should post for one incident now. */
export function dueReminders(state: IncidentState, config: HotwashConfig, now: Date): Reminder[] {
  if (!state.declared || !config.reminders.enabled) return [];
  const severity = state.severity ? (ownValue(config.severities, state.severity) ?? null) : null;
  const metrics = computeMetrics(state, severity, now);
  const commander = state.commander ? mention(state.commander) : "Incident commander";
  const reminders: Reminder[] = [];

  // Updates and acknowledgement matter while the incident is live; afterwards only follow-ups do.
  const live = !state.closed && state.status !== "resolved";
  if (live && metrics.updateOverdue && metrics.nextUpdateDue) {
    reminders.push({
      key: `update:${metrics.nextUpdateDue}`,
      text: `⏰ ${commander}: a status update was due at ${hhmm(metrics.nextUpdateDue)} UTC (${state.severity} updates every ${minutes(severity?.updateEvery)}). Post one with \`/status ${state.status} <what changed>\`.`,
    });
  }
  if (
    live &&
    metrics.acknowledge.state === "breached" &&
    !state.milestones.acknowledgedAt &&
    metrics.acknowledge.due
  ) {
    const escalate = severity?.escalate ?? [];
    reminders.push({
      key: `ack:${metrics.acknowledge.due}`,
      text: `🚨 Nobody has acknowledged this ${state.severity} incident; the target was ${hhmm(metrics.acknowledge.due)} UTC.${escalate.length ? ` Escalating: ${escalate.join(" ")}.` : ""} Take it with \`/ic\`.`,
    });
  }
  const postmortemDue = postmortemDueAt(state, config);
  if (postmortemDue && !state.postmortem && now.getTime() > Date.parse(postmortemDue)) {
    reminders.push({
      key: `postmortem:${postmortemDue}`,
      text: `📝 ${commander}: the post-mortem for this ${state.severity} incident was due ${postmortemDue.slice(0, 16).replace("T", " ")} UTC. Open it with \`/postmortem\`.`,
    });
  }
  const today = now.toISOString().slice(0, 10);
  for (const item of state.actionItems) {
    if (item.done || !item.due || item.due >= today) continue;
    const owner = item.owner ? mention(item.owner) : "Owner";
    reminders.push({
      key: `action:${item.issue ?? item.title}:${item.due}`,
      text: `📌 ${owner}: action item ${item.issue ? `#${item.issue}` : `"${item.title}"`} was due ${item.due}.`,
    });
  }
  return reminders.filter((r) => !state.reminders.includes(r.key));
}

/** Post-mortems are due a configured time after resolution, for the configured severities. */
export function postmortemDueAt(state: IncidentState, config: HotwashConfig): string | null {
  if (!state.milestones.resolvedAt || !state.severity || state.drill) return null;
  if (!postmortemRequiredFor(config).includes(state.severity)) return null;
  return new Date(Date.parse(state.milestones.resolvedAt) + config.postmortem.dueWithin).toISOString();
}

function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

function minutes(ms: number | null | undefined): string {
  if (!ms) return "—";
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`;
}
