import { BOARD_MARKER, readBoardData, readCheckedItems, renderBoard } from "../core/incident/board.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { boardState, emptyBoardData, PROCESSED_KEPT, type BoardData } from "../core/incident/log.js";
import { assigneesFor, labelChanges } from "../core/incident/reconcile.js";
import { foldIncident } from "../core/incident/state.js";
import type { HotwashConfig } from "../core/config/schema.js";
import type { ServiceDeps } from "./deps.js";
import type { LoadedIncident } from "./loaded-incident.js";
import { sealIfNeeded } from "./log-pages.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";
import { rebuildIncident } from "./rebuild.js";
import { checkBoard, sealFor, type BoardVerdict } from "./trust.js";

export type { LoadedIncident } from "./loaded-incident.js";
export { emptyBoardData };

/** Actor of entries Hotwash makes on its own (suspects, reminders): a bot, so never a participant. */
export const HOTWASH_ACTOR = "hotwash[bot]";

/** The incident with more entries (and comments handled) appended: the fold continues, it is not redone. */
export function withEvents(
  loaded: LoadedIncident,
  events: IncidentEvent[],
  processed: number[] = [],
): LoadedIncident {
  // A new log is readable by construction; only the board as found can be unreadable.
  const { unreadable: _, ...rest } = loaded;
  const data: BoardData = {
    ...loaded.data,
    events: [...loaded.data.events, ...events],
    processed: [...loaded.data.processed, ...processed].slice(-PROCESSED_KEPT),
  };
  return { ...rest, data, state: foldIncident(events, loaded.state) };
}

/**
 * Has this comment already been executed? (The idempotency key of a command.) The board keeps the
 * newest comment ids it handled, whether their entries are still on it or sealed in a page.
 */
export function alreadyProcessed(loaded: LoadedIncident, commentId: number): boolean {
  return loaded.data.processed.includes(commentId) || loaded.data.events.some((e) => e.source === commentId);
}

/**
 * The incident as its board says, when the board is Hotwash's own and its data is as Hotwash wrote
 * it (see trust.ts). A board whose data someone else changed is `unreadable`: the caller rebuilds
 * the log from the comments and the next save rewrites the board.
 */
export async function findIncident(
  deps: ServiceDeps,
  issueNumber: number,
  pinned?: CommentSnapshot | null,
): Promise<LoadedIncident> {
  const found = await deps.port.findBoard(issueNumber, BOARD_MARKER, pinned);
  const verdict = found ? await checkBoard(deps, issueNumber, found) : null;
  if (!verdict || verdict.kind === "foreign") {
    const empty = emptyBoardData();
    return { issueNumber, board: null, data: empty, state: boardState(empty) };
  }
  if (verdict.kind === "untrusted") {
    if (verdict.why === "edited")
      deps.log?.warn("the board's hidden data was changed by someone other than Hotwash; ignoring it", {
        issue: issueNumber,
      });
    const empty = emptyBoardData();
    return { issueNumber, board: verdict.board, data: empty, state: boardState(empty), unreadable: true };
  }
  const { board, data } = verdict;
  return { issueNumber, board, data, state: boardState(data), written: data };
}

/** The board is unreadable, or missing on an issue that is labelled an incident. */
export function logLost(loaded: LoadedIncident, issue: IssueSnapshot, config: HotwashConfig): boolean {
  return Boolean(loaded.unreadable) || (!loaded.board && issue.labels.includes(config.labels.incident));
}

/**
 * The board is a cache of the log; when it is missing (on an incident) or unreadable, the issue's
 * comments are the log of record: sealed log pages, then the commands after them, replayed.
 * `exceptCommentId` is the comment being handled.
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
 * Write the log (the board, sealing old entries into log pages first when it has grown), then
 * make labels and assignees match it. If the second write fails, the next event finds the log
 * complete and repairs the labels.
 */
export async function saveIncident(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  loaded: LoadedIncident,
  options: SaveOptions,
): Promise<LoadedIncident> {
  const seal = sealFor(deps, issue.number, "board");
  const render = (incident: LoadedIncident) =>
    renderBoard({
      ...(seal ? { sign: seal.sign } : {}),
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
  const mine = addedSince(loaded);
  let incident = await sealIfNeeded(deps, issue.number, loaded);
  let body = render(incident);
  if (incident.data.events.length && !readBoardData(body)) {
    // The state and the board's sections leave the tail no room: seal all of it.
    incident = await sealIfNeeded(deps, issue.number, incident, true);
    body = render(incident);
  }
  let board = incident.board;
  if (!board) {
    board = await deps.port.createComment(issue.number, body);
    const pinned = await deps.port.pinComment(board.id).catch(() => false);
    if (!pinned)
      deps.log?.info("board not pinned: comment pinning unsupported here", { issue: issue.number });
    incident = { ...incident, board };
  } else if (board.body !== body) {
    await deps.port.updateComment(board.id, body);
    incident = await convergeWithConcurrentWriters(
      deps,
      issue.number,
      { ...incident, board: { ...board, body } },
      render,
      {
        ...mine,
        pages: incident.data.sealed.pages.slice(loaded.data.sealed.pages.length).map((page) => page.id),
      },
    );
  }
  // What the board now holds: a later save in this handler adds to it.
  return reconcileLabels(deps, issue, { ...incident, written: incident.data }, options.config);
}

interface Added {
  /** Entries this handler added to the board it read. */
  events: IncidentEvent[];
  processed: number[];
  /** Log pages this handler wrote. */
  pages: number[];
}

const entryKey = (e: IncidentEvent) => JSON.stringify(e);

/** What the handler added to the log since it read the board (all of it, when the board was not believed). */
function addedSince(loaded: LoadedIncident): Omit<Added, "pages"> {
  const base = loaded.written;
  const known = new Set(base?.events.map(entryKey));
  const handled = new Set(base?.processed);
  return {
    events: loaded.data.events.filter((e) => !known.has(entryKey(e))),
    processed: loaded.data.processed.filter((id) => !handled.has(id)),
  };
}

const CONVERGE_ROUNDS = 3;

/**
 * GitHub has no conditional comment update, so two handlers on one incident can overwrite each
 * other's board. Each reads the board back after writing: if its entries are missing, it adds them
 * to the other writer's log and writes again. Either way it continues (labels, replies) with the
 * union, so neither reverts the other's changes. Entries it sealed into a page of its own count as
 * present only if the board it reads names that page.
 */
async function convergeWithConcurrentWriters(
  deps: ServiceDeps,
  issueNumber: number,
  written: LoadedIncident,
  render: (incident: LoadedIncident) => string,
  mine: Added,
): Promise<LoadedIncident> {
  let incident = written;
  const onMyTail = new Set(written.data.events.map(entryKey));
  for (let round = 0; round < CONVERGE_ROUNDS && incident.board; round++) {
    const board: CommentSnapshot = incident.board;
    const current = await readBack(deps, issueNumber, board.id, board.nodeId);
    if (current.kind === "foreign") return incident;
    if (current.board.body === board.body) return incident;
    if (current.kind !== "trusted") {
      // Someone else changed the board right after this write: what they wrote is not state.
      deps.log?.warn("the board was changed by someone other than Hotwash just after a write; rewriting it", {
        issue: issueNumber,
      });
      await deps.port.updateComment(board.id, board.body);
      return incident;
    }
    const theirs = current.data;
    const keptMyPages = mine.pages.every((id) => theirs.sealed.pages.some((page) => page.id === id));
    const known = new Set(theirs.events.map(entryKey));
    const missing = mine.events.filter(
      (e) => !known.has(entryKey(e)) && (!keptMyPages || onMyTail.has(entryKey(e))),
    );
    const ids = mine.processed.filter((id) => !theirs.processed.includes(id));
    const merged: BoardData = {
      ...theirs,
      events: [...theirs.events, ...missing],
      processed: [...new Set([...theirs.processed, ...ids])].slice(-PROCESSED_KEPT),
    };
    incident = {
      ...incident,
      board: { ...incident.board, body: current.board.body },
      data: merged,
      state: boardState(merged),
    };
    if (!missing.length && !ids.length) return incident;
    deps.log?.warn("board was overwritten by a concurrent handler; merging", { events: missing.length });
    const body = render(incident);
    await deps.port.updateComment(incident.board!.id, body);
    incident = { ...incident, board: { ...incident.board!, body } };
  }
  return incident;
}

/**
 * The board as it is now, and whether it can be believed. Without a key this is the GraphQL read
 * that carries the last editor (one request, instead of the REST read).
 */
async function readBack(
  deps: ServiceDeps,
  issueNumber: number,
  id: number,
  nodeId: string | undefined,
): Promise<BoardVerdict> {
  const fresh =
    !deps.trust?.signingKey && nodeId
      ? (await deps.port.readEdited([nodeId])).get(nodeId)
      : await deps.port.getComment(id);
  return fresh ? checkBoard(deps, issueNumber, fresh) : { kind: "foreign" };
}

/** Rounds of label writes: each answer is the issue's current labels, so a round corrects the last. */
const LABEL_ROUNDS = 3;

/**
 * Add and remove only the owned labels that differ from the state: a label anyone else adds, even
 * while this runs, stays. The webhook's copy of the labels may be stale; every label request
 * answers with the issue's labels, and the next round works from that answer.
 */
export async function reconcileLabels(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  loaded: LoadedIncident,
  config: HotwashConfig,
): Promise<LoadedIncident> {
  if (!loaded.state.declared) return loaded;
  let labels = [...(loaded.issue ?? issue).labels];
  for (let round = 0; round < LABEL_ROUNDS; round++) {
    const { add, remove } = labelChanges(loaded.state, config, labels);
    if (add.length) {
      labels = await deps.port.addLabels(issue.number, add);
      continue;
    }
    if (!remove.length) break;
    for (const name of remove) {
      labels =
        (await deps.port.removeLabel(issue.number, name)) ??
        labels.filter((label) => label.toLowerCase() !== name.toLowerCase());
    }
  }
  let assignees = [...(loaded.issue ?? issue).assignees];
  const wanted = assigneesFor(loaded.state, assignees);
  if (wanted) {
    await deps.port.updateIssue(issue.number, { assignees: wanted });
    assignees = wanted;
  }
  return { ...loaded, issue: { labels, assignees } };
}
