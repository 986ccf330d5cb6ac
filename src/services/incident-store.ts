import {
  BOARD_MARKER,
  readBoardData,
  readCheckedItems,
  renderBoard,
  type BoardData,
} from "../core/incident/board.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { reconcileIssue } from "../core/incident/reconcile.js";
import { foldIncident, type IncidentState } from "../core/incident/state.js";
import type { HotwashConfig } from "../core/config/schema.js";
import type { ServiceDeps } from "./deps.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";
import { rebuildIncident } from "./rebuild.js";

export interface LoadedIncident {
  board: CommentSnapshot | null;
  data: BoardData;
  state: IncidentState;
  /** The board exists but its log could not be read (too large, corrupted, older version). */
  unreadable?: boolean;
}

const PROCESSED_KEPT = 300;

/** Actor of entries Hotwash makes on its own (suspects, reminders): a bot, so never a participant. */
export const HOTWASH_ACTOR = "hotwash[bot]";

export function emptyBoardData(): BoardData {
  return { v: 1, events: [], processed: [] };
}

export function withEvents(
  loaded: LoadedIncident,
  events: IncidentEvent[],
  processed: number[] = [],
): LoadedIncident {
  const data: BoardData = {
    v: 1,
    events: [...loaded.data.events, ...events],
    processed: [...loaded.data.processed, ...processed].slice(-PROCESSED_KEPT),
  };
  return { board: loaded.board, data, state: foldIncident(data.events) };
}

/** Has this comment already been executed? (The idempotency key of a command.) */
export function alreadyProcessed(loaded: LoadedIncident, commentId: number): boolean {
  return loaded.data.processed.includes(commentId) || loaded.data.events.some((e) => e.source === commentId);
}

export async function findIncident(
  deps: ServiceDeps,
  issueNumber: number,
  pinned?: CommentSnapshot | null,
): Promise<LoadedIncident> {
  const board = await deps.port.findBoard(issueNumber, BOARD_MARKER, pinned);
  const data = board ? readBoardData(board.body) : null;
  const usable = data ?? emptyBoardData();
  return { board, data: usable, state: foldIncident(usable.events), unreadable: Boolean(board && !data) };
}

/** The board is unreadable, or missing on an issue that is labelled an incident. */
export function logLost(loaded: LoadedIncident, issue: IssueSnapshot, config: HotwashConfig): boolean {
  return Boolean(loaded.unreadable) || (!loaded.board && issue.labels.includes(config.labels.incident));
}

/**
 * The board is a cache of the log; when it is missing (on an incident) or unreadable, the issue's
 * comments are the log of record and are replayed. `exceptCommentId` is the comment being handled.
 */
export async function repairIfNeeded(
  deps: ServiceDeps,
  loaded: LoadedIncident,
  issue: IssueSnapshot,
  config: HotwashConfig,
  exceptCommentId: number | null = null,
): Promise<LoadedIncident> {
  if (!logLost(loaded, issue, config)) return loaded;
  deps.log?.warn("incident log missing from the board; rebuilding from comments", { issue: issue.number });
  const rebuilt = await rebuildIncident(deps, issue, config, exceptCommentId);
  return { ...rebuilt, board: loaded.board };
}

export interface SaveOptions {
  config: HotwashConfig;
  configProblems: string[] | null;
}

/**
 * Write the log (the board) first, then make labels and assignees match it. If the second write
 * fails, the next event finds the log complete and repairs the labels.
 */
export async function saveIncident(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  loaded: LoadedIncident,
  options: SaveOptions,
): Promise<LoadedIncident> {
  const render = (incident: LoadedIncident) =>
    renderBoard({
      // Boxes people ticked on the board's checklist survive the re-render.
      checked: incident.board ? readCheckedItems(incident.board.body) : [],
      issueNumber: issue.number,
      state: incident.state,
      data: incident.data,
      config: options.config,
      now: deps.now(),
      repoUrl: deps.repoUrl,
      configProblems: options.configProblems ?? [],
    });
  const body = render(loaded);
  let board = loaded.board;
  if (!board) {
    board = await deps.port.createComment(issue.number, body);
    const pinned = await deps.port.pinComment(board.id).catch(() => false);
    if (!pinned)
      deps.log?.info("board not pinned: comment pinning unsupported here", { issue: issue.number });
  } else if (board.body !== body) {
    await deps.port.updateComment(board.id, body);
    board = { ...board, body };
    loaded = await convergeWithConcurrentWriters(deps, { ...loaded, board }, render);
    board = loaded.board ?? board;
  }
  await reconcileLabels(deps, issue, loaded, options.config);
  return { ...loaded, board };
}

const CONVERGE_ROUNDS = 3;

/**
 * GitHub has no conditional comment update, so two handlers on one incident can overwrite each
 * other's board. Each reads the board back after writing: if its events are missing, it merges
 * the other writer's log with its own and writes again. Either way it continues (labels, replies)
 * with the union, so neither reverts the other's changes.
 */
async function convergeWithConcurrentWriters(
  deps: ServiceDeps,
  written: LoadedIncident,
  render: (incident: LoadedIncident) => string,
): Promise<LoadedIncident> {
  let incident = written;
  for (let round = 0; round < CONVERGE_ROUNDS && incident.board; round++) {
    const current = await deps.port.getComment(incident.board.id);
    const theirs = readBoardData(current.body);
    if (!theirs || current.body === incident.board.body) return incident;
    const key = (e: IncidentEvent) => JSON.stringify(e);
    const known = new Set(theirs.events.map(key));
    const missing = incident.data.events.filter((e) => !known.has(key(e)));
    const merged: BoardData = {
      v: 1,
      events: [...theirs.events, ...missing],
      processed: [...new Set([...theirs.processed, ...incident.data.processed])].slice(-PROCESSED_KEPT),
    };
    incident = {
      board: { ...incident.board, body: current.body },
      data: merged,
      state: foldIncident(merged.events),
    };
    if (!missing.length) return incident;
    deps.log?.warn("board was overwritten by a concurrent handler; merging", { events: missing.length });
    const body = render(incident);
    await deps.port.updateComment(incident.board!.id, body);
    incident = { ...incident, board: { ...incident.board!, body } };
  }
  return incident;
}

export async function reconcileLabels(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  loaded: LoadedIncident,
  config: HotwashConfig,
): Promise<void> {
  const patch = reconcileIssue(loaded.state, loaded.data.events, config, issue);
  if (patch) await deps.port.updateIssue(issue.number, patch);
}
