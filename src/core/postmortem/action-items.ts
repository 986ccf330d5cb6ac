import type { ActionItem } from "../incident/state.js";
import { displayLogin, quoteText } from "../text/markdown.js";

/** Hidden in every action item's body: lets its close be traced back to the incident. */
export function actionItemMarker(incident: number): string {
  return `<!-- hotwash:action-item incident=${incident} -->`;
}

/** The incident an action item belongs to, from the marker in its body; null when there is none. */
export function incidentOfActionItem(body: string): number | null {
  const match = /<!-- hotwash:action-item incident=([1-9]\d{0,9}) -->/.exec(body);
  return match?.[1] ? Number(match[1]) : null;
}

export interface ActionItemIssueInput {
  incident: number;
  incidentTitle: string;
  title: string;
  owner: string | null;
  due: string | null;
  priority: string;
  /** Who asked for it (the `/action` author, or whoever merged the post-mortem). */
  requestedBy: string;
  /** Where it came from: "`/action` on the incident" or "the post-mortem in #12". */
  origin: string;
}

/** The action item issue's body: what, who, when, where it came from, and the hidden marker. */
export function renderActionItemBody(input: ActionItemIssueInput): string {
  const rows: [string, string][] = [
    ["Incident", `#${input.incident} · ${quoteText(input.incidentTitle.replace(/\s+/g, " ").trim())}`],
    ["Owner", input.owner ? displayLogin(input.owner) : "_unassigned_"],
    ["Due", input.due ?? "_no due date_"],
    ["Priority", input.priority],
    ["Requested by", `${displayLogin(input.requestedBy)} via ${input.origin}`],
  ];
  return [
    actionItemMarker(input.incident),
    `Action item from incident #${input.incident}.`,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([key, value]) => `| **${key}** | ${value.replace(/\|/g, "\\|")} |`),
    "",
    "Close this issue when the work is done: the incident's board counts it, and Hotwash notes it on the incident's timeline.",
  ].join("\n");
}

/** Titles compare without case and extra spaces; owners without case and `@`. */
export function actionItemKey(title: string, owner: string | null): string {
  const t = title.replace(/\s+/g, " ").trim().toLowerCase();
  const o = (owner ?? "").replace(/^@/, "").toLowerCase();
  return `${t}\u0000${o}`;
}

/**
 * The issue already recorded on the incident for an item with this title and owner, if any:
 * how a redelivered merge (or a second run) avoids creating an item twice.
 */
export function findRecordedItem(
  recorded: readonly Pick<ActionItem, "title" | "owner" | "issue">[],
  item: { title: string; owner: string | null },
): number | null {
  const wanted = actionItemKey(item.title, item.owner);
  const match = recorded.find((r) => r.issue !== null && actionItemKey(r.title, r.owner) === wanted);
  return match?.issue ?? null;
}
