import { canCorrect, entryRef } from "../timeline/corrections.js";
import type { IncidentEvent } from "./events.js";
import type { IncidentState } from "./state.js";

/** The part of the log a handler holds: `events[0]` is 0-based entry `from` (the tail: the sealed count). */
export interface KnownLog {
  from: number;
  events: readonly IncidentEvent[];
}

export type CorrectionRequest =
  | { name: "timeline-fix"; entry: number; text: string | null; at: string | null }
  | { name: "timeline-drop"; entry: number };

const ONLY =
  "Only notes (`/note`), backdated entries (`/timeline`) and report summaries can be corrected; the board's timeline shows each entry's ref.";

/** Why this correction can't be made, or null when it can. The state's log length bounds the refs. */
export function correctionProblem(
  state: IncidentState,
  log: KnownLog | undefined,
  request: CorrectionRequest,
): string | null {
  const ref = `\`${entryRef(request.entry)}\``;
  if (request.entry > state.logLength) {
    return `${ref} is not on this incident's timeline: its entries are \`t1\`…\`${entryRef(state.logLength)}\`. ${ONLY}`;
  }
  const target = log?.events[request.entry - 1 - log.from];
  if (!log || !target) {
    return `${ref} could not be read (its hidden "Hotwash log" comment is missing or was edited), so it can't be changed.`;
  }
  const later = log.events.slice(request.entry - log.from);
  if (later.some((e) => e.type === "retraction" && e.entry === request.entry)) {
    return request.name === "timeline-drop"
      ? `${ref} was already dropped.`
      : `${ref} was dropped; add a new entry with \`/note\` or \`/timeline\` instead.`;
  }
  if (target.type === "correction" || target.type === "retraction") {
    return `${ref} records a change to \`${entryRef(target.entry)}\`; a change stays on the record. Correct \`${entryRef(target.entry)}\` itself instead.`;
  }
  if (!canCorrect(target, "text")) {
    return `${ref} (${target.type}) is part of the incident's state, not a note, so it can't be corrected or dropped: run the command that changes it again (e.g. \`/status\`, \`/sev2\`, \`/ic\`). ${ONLY}`;
  }
  if (request.name === "timeline-drop" && !canCorrect(target, "drop")) {
    return `${ref} is Hotwash's record of a workflow run, so it can't be dropped; \`/timeline fix ${entryRef(request.entry)} <text>\` rewords its summary.`;
  }
  if (request.name === "timeline-fix" && request.at !== null && !canCorrect(target, "time")) {
    return `${ref} is Hotwash's record of a workflow run, so its time can't be changed; \`/timeline fix ${entryRef(request.entry)} <text>\` rewords its summary.`;
  }
  return null;
}

/** The log as a handler holds it: the sealed entries it read (all or none), then the tail. */
export function knownLog(
  sealedCount: number,
  sealedEvents: readonly IncidentEvent[] | undefined,
  tail: readonly IncidentEvent[],
): KnownLog {
  return sealedEvents?.length === sealedCount
    ? { from: 0, events: [...sealedEvents, ...tail] }
    : { from: sealedCount, events: tail };
}
