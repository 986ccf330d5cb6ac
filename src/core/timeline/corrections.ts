import type { IncidentEvent, IncidentEventType } from "../incident/events.js";

/**
 * Which log entries `/timeline fix` and `/timeline drop` may change. People's words (notes,
 * backdated entries) can be reworded, retimed and retracted. A report's summary can be reworded,
 * but the report stays: it is Hotwash's record of a workflow run. Every other entry is incident
 * state (declaration, severity, status, roles, dispatches, runs…): the command that made it is
 * how it is changed, so it is never corrected in place.
 */
const RULES: Partial<Record<IncidentEventType, { time: boolean; drop: boolean }>> = {
  note: { time: true, drop: true },
  backdated: { time: true, drop: true },
  report: { time: false, drop: false },
};

export type CorrectionKind = "text" | "time" | "drop";

/** Whether this entry may be corrected in this way. */
export function canCorrect(event: IncidentEvent, kind: CorrectionKind): boolean {
  const rule = Object.hasOwn(RULES, event.type) ? RULES[event.type] : undefined;
  if (!rule) return false;
  return kind === "text" || rule[kind];
}

/** `t12`: the ref of the entry at 1-based log index 12; stable as the log grows and is sealed. */
export function entryRef(index: number): string {
  return `t${index}`;
}

/** `t12` (any case, optional `#`) → 12; null for anything else. */
export function parseEntryRef(token: string): number | null {
  const match = /^#?t(\d{1,9})$/i.exec(token);
  const n = match ? Number(match[1]) : 0;
  return n >= 1 ? n : null;
}
