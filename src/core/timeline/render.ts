import { formatDuration } from "../config/duration.js";
import type { IncidentState } from "../incident/state.js";
import { displayLogin, quoteText, tableCell, truncate } from "../text/markdown.js";
import type { TimelineEntry, TimelineKind } from "./entries.js";

/** `2024-05-01T10:07:31Z` → `2024-05-01 10:07` (UTC); unparseable text is shown as is. */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * A GitHub URL as a short markdown link: `[run](…)`, `[#123](…)`, `[abc1234](…)`. Only http(s)
 * links are shown, and characters that would end the link or the table cell are percent-encoded.
 */
export function markdownLink(url: string): string | null {
  return linkTo(linkLabel(url), url);
}

/** `[label](url)` for an http(s) URL, with the same encoding; the label is plain text (defanged, brackets escaped). */
export function labelledLink(label: string, url: string): string | null {
  return linkTo(quoteText(label).replace(/[[\]\\|]/g, "\\$&"), url);
}

function linkTo(label: string, url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  const safe = url.replace(
    /[\s()<>|`"\\[\]]/g,
    (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`,
  );
  return `[${label}](${safe})`;
}

function linkLabel(url: string): string {
  if (/#issuecomment-\d+$/.test(url)) return "comment";
  if (/\/actions\/runs\/\d+/.test(url)) return "run";
  if (/\/actions\/workflows\//.test(url)) return "workflow";
  const numbered = /\/(?:issues|pull)\/(\d+)\/?$/.exec(url);
  if (numbered) return `#${numbered[1]}`;
  const commit = /\/commit\/([0-9a-f]{7,40})/i.exec(url);
  if (commit?.[1]) return commit[1].slice(0, 7);
  return "link";
}

export const TIMELINE_TABLE_HEAD = "| Time (UTC) | Who | What |\n| --- | --- | --- |";
/** The board's tables lead with each entry's ref, for `/timeline fix|drop`. */
export const TIMELINE_TABLE_HEAD_WITH_REFS = "| # | Time (UTC) | Who | What |\n| --- | --- | --- | --- |";

/** One table row; people's text is folded to one line with pipes escaped and mentions defanged. */
export function timelineRow(entry: TimelineEntry, opts: { refs?: boolean } = {}): string {
  const link = entry.link ? markdownLink(entry.link) : null;
  const what = tableCell(entry.text) + (link ? ` ${link}` : "");
  const ref = opts.refs ? `| ${entry.ref ? `\`${entry.ref}\`` : ""} ` : "";
  return `${ref}| ${formatUtc(entry.at)} | ${tableCell(displayLogin(entry.actor))} | ${what} |`;
}

/** The timeline as a markdown table; `limit` keeps the most recent entries. */
export function renderTimelineTable(
  entries: readonly TimelineEntry[],
  opts: { limit?: number; newestFirst?: boolean; refs?: boolean } = {},
): string {
  const recent =
    opts.limit === undefined ? [...entries] : entries.slice(Math.max(0, entries.length - opts.limit));
  if (recent.length === 0) return "_No timeline entries yet._";
  if (opts.newestFirst) recent.reverse();
  const head = opts.refs ? TIMELINE_TABLE_HEAD_WITH_REFS : TIMELINE_TABLE_HEAD;
  return [head, ...recent.map((entry) => timelineRow(entry, { refs: opts.refs ?? false }))].join("\n");
}

const KEY_KINDS: ReadonlySet<TimelineKind> = new Set(["severity", "status", "dispatch"]);
const MAX_KEY_EVENTS = 30;
const MINUTE = 60_000;

/**
 * A Mermaid gantt chart of the incident: bars between the milestones reached, and the key events
 * (severity changes, status changes, diagnostics and rollbacks) as milestones. Empty before the
 * incident is declared. Labels are reduced to characters Mermaid never treats as syntax.
 */
export function renderMermaid(state: IncidentState, entries: TimelineEntry[]): string {
  const { declaredAt, acknowledgedAt, mitigatedAt, resolvedAt } = state.milestones;
  const reached = (
    [
      ["Declared", declaredAt],
      ["Acknowledged", acknowledgedAt],
      ["Mitigated", mitigatedAt],
      ["Resolved", resolvedAt],
    ] as const
  ).flatMap(([name, at]) => (at && !Number.isNaN(Date.parse(at)) ? [{ name, ms: minute(at) }] : []));
  const first = reached[0];
  if (!first || first.name !== "Declared") return "";

  const key = entries.filter((e) => KEY_KINDS.has(e.kind) && !Number.isNaN(Date.parse(e.at)));
  const shown = key.slice(0, MAX_KEY_EVENTS);
  // A loop, not Math.max(...all): spreading thousands of entries can overflow the stack.
  let end = Math.max(...reached.map((p) => p.ms));
  for (const entry of entries) {
    const ms = minute(entry.at);
    if (ms > end) end = ms;
  }
  const multiDay = end - first.ms > 20 * 60 * MINUTE;

  const lines = [
    "```mermaid",
    "gantt",
    `  title ${label(state.title ? `Incident ${state.title}` : "Incident")} (UTC)`,
    "  dateFormat YYYY-MM-DDTHH:mm",
    `  axisFormat ${multiDay ? "%m-%d %H:%M" : "%H:%M"}`,
    "  todayMarker off",
    "  section Phases",
  ];
  reached.forEach((point, i) => {
    const next = reached[i + 1];
    const until = next?.ms ?? (point.name === "Resolved" ? null : end);
    if (until === null) return;
    const span = until - point.ms;
    const name = next ? `${point.name} → ${next.name}` : `${point.name} → ongoing`;
    lines.push(
      `  ${label(`${name} ${formatDuration(span)}`)} :p${i}, ${stamp(point.ms)}, ${Math.max(1, span / MINUTE)}m`,
    );
  });
  for (const [i, point] of reached.entries()) {
    lines.push(`  ${point.name} :milestone, m${i}, ${stamp(point.ms)}, 0m`);
  }
  if (shown.length > 0) lines.push("  section Events");
  for (const [i, entry] of shown.entries()) {
    // Only the part before a colon: "Status → identified: <message>" becomes "Status → identified".
    const short = entry.text.split(": ")[0] ?? entry.text;
    lines.push(`  ${label(short)} :milestone, e${i}, ${stamp(minute(entry.at))}, 0m`);
  }
  if (key.length > shown.length) lines.push(`  %% ${key.length - shown.length} later events not shown`);
  lines.push("```");
  return lines.join("\n");
}

/** Letters, digits, spaces and a few safe marks; `:`, `#`, `;`, `%` and the like would be syntax. */
function label(text: string): string {
  const clean = text
    .replace(/[^\p{L}\p{N} ._()/→+-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(clean, 48) || "Event";
}

/** Mermaid's dateFormat has minute precision; floor so bars and milestones line up. */
function minute(iso: string): number {
  return Math.floor(Date.parse(iso) / MINUTE) * MINUTE;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
