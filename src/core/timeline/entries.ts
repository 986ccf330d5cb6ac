import { formatDuration } from "../config/duration.js";
import type { EventOf, IncidentEvent, IncidentEventType, RunConclusion } from "../incident/events.js";
import { formatUtc } from "./render.js";
import { ownValue } from "../config/lookup.js";
import { canCorrect, entryRef } from "./corrections.js";

/** GitHub activity on the incident that is not in Hotwash's log (read from the issue's timeline). */
export type ActivityKind = "pull-request" | "commit" | "reference" | "closed" | "reopened";

export interface ActivityItem {
  at: string;
  actor: string;
  kind: ActivityKind;
  text: string;
  link: string | null;
}

export type TimelineKind = IncidentEventType | ActivityKind;

/**
 * One line of the incident's story. `text` is markdown with people's words as written: every
 * renderer must escape it for its context (tables: `tableCell`) so mentions never notify.
 */
export interface TimelineEntry {
  /** ISO-8601 UTC. */
  at: string;
  actor: string;
  kind: TimelineKind;
  text: string;
  link: string | null;
  /** `t12`: the log entry's stable ref for `/timeline fix|drop` (entries not in the log have none). */
  ref?: string;
}

export interface TimelineOptions {
  /** `https://github.com/owner/repo`: turns issue and pull request numbers into links. */
  repoUrl?: string;
  /** Configured severities, most severe first: names them and tells a raise from a lowering. */
  severities?: Readonly<Record<string, { name: string }>>;
  /**
   * How many log entries come before `events[0]` (the board: its sealed count; a whole log: 0).
   * Given, entries get refs and corrections apply to the entries they name; without it (a partial
   * log whose positions are unknown) corrections are shown but not applied.
   */
  firstIndex?: number;
}

type RunTarget = Pick<EventOf<"dispatch">, "command" | "service">;

/** The one timeline builder shared by the board, the post-mortem and the CLI. */
export function buildTimeline(
  events: readonly IncidentEvent[],
  activity: readonly ActivityItem[] = [],
  options: TimelineOptions = {},
): TimelineEntry[] {
  const ctx = { ...options, repoUrl: options.repoUrl?.replace(/\/+$/, ""), runs: new RunTracker() };
  const first = options.firstIndex;
  const changes = first === undefined ? new Map<number, Change[]>() : changesByEntry(events);
  const entries: TimelineEntry[] = [
    ...events.flatMap((original, i): TimelineEntry[] => {
      if (original.type === "suspects") return suspectEntries(original);
      const index = first === undefined ? null : first + i + 1;
      const { event, note, dropped } = corrected(original, index === null ? [] : (changes.get(index) ?? []));
      if (dropped) return [];
      const { text, link, actor } = describe(event, ctx, events, first);
      return [
        {
          at: normalizeTime(event.at),
          actor: actor ?? event.actor,
          kind: event.type,
          text: note ? `${text} ${note}` : text,
          link,
          ...(index === null ? {} : { ref: entryRef(index) }),
        },
      ];
    }),
    ...activity.map((item) => ({ ...item, at: normalizeTime(item.at) })),
  ];
  // Array.prototype.sort is stable: equal times keep log order, activity after events.
  return entries.sort((a, b) => sortKey(a.at) - sortKey(b.at));
}

/** What shipped before declaration, each at its own time: the start of every post-mortem timeline. */
function suspectEntries(event: EventOf<"suspects">): TimelineEntry[] {
  return [
    ...event.deployments.map((d) => ({
      at: normalizeTime(d.at),
      actor: d.creator,
      kind: "suspects" as const,
      text: `Deployed \`${d.service}\` \`${d.ref}\` (${d.sha.slice(0, 7)}) to ${d.environment}${d.state ? ` (${d.state})` : ""}`,
      link: null,
    })),
    ...event.pulls.map((p) => ({
      at: normalizeTime(p.mergedAt),
      actor: p.author,
      kind: "suspects" as const,
      text: `Merged #${p.number}: ${p.title}`,
      link: p.url,
    })),
  ];
}

type Change = EventOf<"correction"> | EventOf<"retraction">;

/** Corrections and retractions by the 1-based log index of the entry they change, in log order. */
function changesByEntry(events: readonly IncidentEvent[]): Map<number, Change[]> {
  const changes = new Map<number, Change[]>();
  for (const event of events) {
    if (event.type !== "correction" && event.type !== "retraction") continue;
    changes.set(event.entry, [...(changes.get(event.entry) ?? []), event]);
  }
  return changes;
}

/**
 * The entry as its corrections leave it: the newest text and time win, and a marker says who last
 * changed it. Changes the rules do not allow for this entry (a hand-made log) are ignored.
 */
function corrected(
  event: IncidentEvent,
  changes: readonly Change[],
): { event: IncidentEvent; note: string | null; dropped: boolean } {
  let current = event;
  let last: Change | null = null;
  for (const change of changes) {
    if (change.type === "retraction") {
      if (canCorrect(event, "drop")) return { event, note: null, dropped: true };
      continue;
    }
    if (change.text !== null && canCorrect(event, "text")) {
      current = withText(current, change.text);
      last = change;
    }
    if (change.to !== null && canCorrect(event, "time")) {
      current = { ...current, at: change.to };
      last = change;
    }
  }
  const note = last ? `(corrected by @${last.actor}, ${formatUtc(last.at)})` : null;
  return { event: current, note, dropped: false };
}

function withText(event: IncidentEvent, text: string): IncidentEvent {
  if (event.type === "note" || event.type === "backdated") return { ...event, text };
  if (event.type === "report") return { ...event, summary: text };
  return event;
}

/** The entry at a 1-based log index, when it is among the events given. */
function entryAt(events: readonly IncidentEvent[], first: number | undefined, index: number) {
  return first === undefined ? undefined : events[index - first - 1];
}

interface Context extends TimelineOptions {
  runs: RunTracker;
}

/** `actor` overrides the event's own: a change is the deployer's or author's, recorded by Hotwash. */
function describe(
  event: IncidentEvent,
  ctx: Context,
  events: readonly IncidentEvent[] = [],
  first?: number,
): { text: string; link: string | null; actor?: string } {
  switch (event.type) {
    case "declared": {
      const drill = event.drill ? "🧪 Drill: " : "";
      const by = event.commander && event.commander !== event.actor ? `, commander @${event.commander}` : "";
      return {
        text: `${drill}Declared ${severityLabel(event.severity, ctx)}: ${event.title}${by}`,
        link: null,
      };
    }
    case "severity":
      return { text: severityChange(event.from, event.to, ctx), link: null };
    case "status":
      return { text: `Status → ${event.status}${event.message ? `: ${event.message}` : ""}`, link: null };
    case "commander":
      return { text: `Commander → @${event.user}`, link: null };
    case "role":
      return { text: `Role ${event.role} → @${event.user}`, link: null };
    case "note":
      return { text: event.text, link: null };
    case "backdated":
      return { text: `${event.text} (recorded later, ${formatUtc(event.recordedAt)})`, link: null };
    case "closed":
      return { text: "Issue closed", link: null };
    case "reopened":
      return { text: "Issue reopened", link: null };
    case "services":
      return {
        text: event.services.length
          ? `Affected services: ${event.services.map((name) => `\`${name}\``).join(", ")}`
          : "Affected services cleared",
        link: null,
      };
    case "dispatch": {
      ctx.runs.dispatched(event);
      const to = event.ref ? ` to \`${event.ref}\`` : "";
      const fallback = ctx.repoUrl ? `${ctx.repoUrl}/actions/workflows/${event.workflow}` : null;
      return {
        text: `Dispatched ${event.command} for \`${event.service}\`${to}`,
        link: event.runUrl ?? fallback,
      };
    }
    case "run":
      return { text: runText(event, ctx.runs.match(event)), link: event.url };
    case "report":
      return { text: `Report (${event.status}): ${event.summary}`, link: event.commentUrl ?? event.runUrl };
    case "action-item": {
      const details = [
        event.owner ? `owner @${event.owner}` : null,
        event.due ? `due ${event.due}` : null,
        event.priority,
      ].filter((part): part is string => Boolean(part));
      return {
        text: `Action item: ${event.title} (${details.join(", ")})`,
        link: event.issue === null ? null : issueLink(event.issue, ctx),
      };
    }
    case "action-item-reopened":
      return { text: `Action item #${event.issue} reopened`, link: issueLink(event.issue, ctx) };
    case "action-item-closed":
      return { text: `Action item #${event.issue} done`, link: issueLink(event.issue, ctx) };
    case "postmortem":
      return { text: `Post-mortem pull request #${event.pullNumber}: \`${event.path}\``, link: event.url };
    case "postmortem-merged":
      return {
        text: `Post-mortem pull request #${event.pullNumber} merged`,
        link: issueLink(event.pullNumber, ctx),
      };
    case "reminder":
      return { text: `Reminder: ${event.text}`, link: null };
    case "deployment":
      return { text: deploymentText(event), link: event.url, actor: event.creator };
    case "merged":
      return { text: `Merged #${event.number}: ${event.title}`, link: event.url, actor: event.author };
    case "suspects":
      return { text: "", link: null }; // expanded into one entry per change by suspectEntries
    case "correction": {
      const what = [
        event.text === null ? null : "text",
        event.to === null ? null : `time → ${formatUtc(event.to)}`,
      ].filter(Boolean);
      return { text: `Corrected ${entryRef(event.entry)} (${what.join(", ")})`, link: null };
    }
    case "retraction": {
      const target = entryAt(events, first, event.entry);
      const was = target && canCorrect(target, "drop") ? `: ${describe(target, ctx).text}` : "";
      return { text: `Dropped ${entryRef(event.entry)}${was}`, link: null };
    }
  }
}

const DEPLOYMENT_STATES: Record<string, string> = { success: "✅", failure: "❌", error: "❌" };

function deploymentText(d: EventOf<"deployment">): string {
  const what = [d.service, d.ref].filter((part): part is string => part !== null).map((p) => `\`${p}\``);
  const icon = ownValue(DEPLOYMENT_STATES, d.state);
  return `Deployed ${what.join(" ")} (${d.sha.slice(0, 7)}) to ${d.environment}: ${icon ? `${icon} ` : ""}${d.state}`;
}

function severityLabel(key: string, ctx: Context): string {
  const name = ctx.severities ? ownValue(ctx.severities, key)?.name : undefined;
  return name ? `${key} (${name})` : key;
}

function severityChange(from: string | null, to: string, ctx: Context): string {
  if (from === null || from === to) return `Severity set to ${severityLabel(to, ctx)}`;
  const order = Object.keys(ctx.severities ?? {});
  const [a, b] = [order.indexOf(from), order.indexOf(to)];
  // Configured order is most severe first; unknown keys fall back to sev1 < sev2 ordering.
  const diff = a >= 0 && b >= 0 ? b - a : to.localeCompare(from, "en", { numeric: true });
  const verb = diff < 0 ? "raised" : diff > 0 ? "lowered" : "changed";
  return `Severity ${verb} ${from} → ${severityLabel(to, ctx)}`;
}

const CONCLUSIONS: Partial<Record<NonNullable<RunConclusion>, string>> = {
  success: "✅ succeeded",
  failure: "❌ failed",
  cancelled: "⏹️ was cancelled",
  timed_out: "⏱️ timed out",
  startup_failure: "❌ failed to start",
  action_required: "⏸️ is waiting for approval",
};

function runText(event: EventOf<"run">, target: RunTarget | null): string {
  const what = target ? `${target.command} run for \`${target.service}\`` : `Run of \`${event.workflow}\``;
  const name = what.charAt(0).toUpperCase() + what.slice(1);
  if (event.phase === "requested") return `${name} started`;
  const outcome =
    (event.conclusion && ownValue(CONCLUSIONS, event.conclusion)) ??
    `finished (${event.conclusion ?? "unknown"})`;
  const took = event.durationMs === null ? "" : ` in ${formatDuration(event.durationMs)}`;
  return `${name} ${outcome}${took}`;
}

function issueLink(issue: number, ctx: Context): string | null {
  // /issues/N redirects to /pull/N, so one form serves both.
  return ctx.repoUrl ? `${ctx.repoUrl}/issues/${issue}` : null;
}

/** Which dispatch a workflow run belongs to; mirrors the state fold's matching. */
class RunTracker {
  private readonly byRun = new Map<number, RunTarget>();
  private readonly waiting: EventOf<"dispatch">[] = [];

  dispatched(event: EventOf<"dispatch">): void {
    if (event.runId === null) this.waiting.push(event);
    else this.byRun.set(event.runId, event);
  }

  match(run: EventOf<"run">): RunTarget | null {
    const known = this.byRun.get(run.runId);
    if (known) return known;
    const index = this.waiting.findIndex((d) => d.workflow === run.workflow);
    const [adopted] = index < 0 ? [] : this.waiting.splice(index, 1);
    if (adopted) this.byRun.set(run.runId, adopted);
    return adopted ?? null;
  }
}

function normalizeTime(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms).toISOString();
}

/** Unparseable times sort last rather than poisoning the comparison. */
function sortKey(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
