import type { IncidentEvent } from "../core/incident/events.js";
import type { BoardData } from "../core/incident/log.js";
import type { IssueLabelsAndAssignees } from "../core/incident/reconcile.js";
import type { IncidentState } from "../core/incident/state.js";
import type { CommentSnapshot } from "./port.js";

/** An incident as a handler holds it: its board, the board's log, and the state they fold to. */
export interface LoadedIncident {
  board: CommentSnapshot | null;
  data: BoardData;
  state: IncidentState;
  /** The board exists but its log could not be read (too large, corrupted, older version). */
  unreadable?: boolean;
  /** The issue's labels and assignees as Hotwash last wrote them: fresher than the webhook's copy. */
  issue?: IssueLabelsAndAssignees;
  /** Sealed entries already read (a rebuild reads every page): the whole log without more requests. */
  sealedEvents?: IncidentEvent[];
}
