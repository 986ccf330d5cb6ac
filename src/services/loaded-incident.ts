import type { IncidentEvent } from "../core/incident/events.js";
import type { BoardData } from "../core/incident/log.js";
import type { IssueLabelsAndAssignees } from "../core/incident/reconcile.js";
import type { IncidentState } from "../core/incident/state.js";
import type { CommentSnapshot } from "./port.js";

/** An incident as a handler holds it: its board, the board's log, and the state they fold to. */
export interface LoadedIncident {
  /** The issue's number: log pages are signed for it. */
  issueNumber?: number;
  board: CommentSnapshot | null;
  data: BoardData;
  state: IncidentState;
  /**
   * The board exists but its log cannot be believed: too large, corrupted, an older version, or
   * changed by someone other than Hotwash (then the log is rebuilt and the board rewritten).
   */
  unreadable?: boolean;
  /** The log as the board held it when read and trusted: what this handler added is the rest. */
  written?: BoardData;
  /** The issue's labels and assignees as Hotwash last wrote them: fresher than the webhook's copy. */
  issue?: IssueLabelsAndAssignees;
  /** Sealed entries already read (a rebuild reads every page): the whole log without more requests. */
  sealedEvents?: IncidentEvent[];
}
