import type { IncidentEvent } from "../core/incident/events.js";
import { dueReminders } from "../core/incident/reminders.js";
import type { Logger, ServiceDeps } from "./deps.js";
import { withIncidentLock } from "./incident-lock.js";
import { findIncident, HOTWASH_ACTOR, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";

/** Closed incidents still owe post-mortems and action items: the sweep includes those updated this recently. */
export const CLOSED_LOOKBACK_MS = 90 * 86_400_000;
/** Incidents worked on at once: concurrent reads, without bursting the write throttle. */
const CONCURRENCY = 4;

export interface SweepOutcome {
  kind: "done";
  incidents: number;
  reminders: { issue: number; key: string }[];
  /** Incidents whose reminders failed; the others were still reminded. */
  failures: { issue: number; error: string }[];
}

/** An incident to remind, with its board as the sweep just read it (undefined: not read yet). */
export interface SweptIncident {
  issue: IssueSnapshot;
  board: CommentSnapshot | null | undefined;
}

/** A schedule tick for one repository (the Action): remind about overdue updates, acknowledgement, post-mortems and action items. */
export async function sweepReminders(deps: ServiceDeps): Promise<SweepOutcome> {
  const loaded = await loadConfig(deps.port);
  if (!loaded.config.reminders.enabled) return { kind: "done", incidents: 0, reminders: [], failures: [] };
  const since = new Date(deps.now().getTime() - CLOSED_LOOKBACK_MS).toISOString();
  const [open, closed] = await Promise.all([
    deps.port.listIssues(loaded.config.labels.incident, "open"),
    deps.port.listIssues(loaded.config.labels.incident, "closed", since),
  ]);
  // The lists carry each issue's pinned comment as it is now: the board, without a request per
  // incident. Without a signing key its last editor vouches for it: read for all of them at once.
  const listed = [...open, ...closed];
  const boards = deps.trust?.signingKey
    ? null
    : await readBoards((ids) => deps.port.readEdited(ids), listed, deps.log);
  const incidents = listed.map((issue) => ({ issue, board: boardOf(issue, boards, true) }));
  return { kind: "done", incidents: incidents.length, ...(await remindAll(deps, incidents, loaded)) };
}

/**
 * The boards (the issues' pinned comments) as they are now, with their last editors, 100 a
 * request. When the batch fails, each incident reads its own.
 */
export async function readBoards(
  read: (nodeIds: string[]) => Promise<Map<string, CommentSnapshot>>,
  issues: readonly IssueSnapshot[],
  log: Logger | undefined,
): Promise<Map<string, CommentSnapshot> | null> {
  const ids = issues.flatMap((issue) => (issue.pinnedComment?.nodeId ? [issue.pinnedComment.nodeId] : []));
  if (!ids.length) return new Map();
  try {
    return await read(ids);
  } catch (error) {
    log?.warn("could not read the boards in one request; reading them one by one", { error: String(error) });
    return null;
  }
}

/**
 * What the sweep knows of an incident's board: as the batch read it (null: gone since it was
 * listed), none pinned, the list's own copy when that is current (`listIsFresh`: a REST list, not
 * the search index), or not known (undefined: the incident reads it).
 */
export function boardOf(
  issue: IssueSnapshot,
  boards: Map<string, CommentSnapshot> | null,
  listIsFresh: boolean,
): CommentSnapshot | null | undefined {
  const pinned = issue.pinnedComment;
  if (pinned === null) return null;
  if (pinned?.nodeId && boards) return boards.get(pinned.nodeId) ?? null;
  return listIsFresh ? pinned : undefined;
}

/** Each incident's reminders on their own: one that fails is logged, and the others go on. */
export async function remindAll(
  deps: ServiceDeps,
  incidents: readonly SweptIncident[],
  loaded: LoadedConfig,
): Promise<Omit<SweepOutcome, "kind" | "incidents">> {
  const reminders: SweepOutcome["reminders"] = [];
  const failures: SweepOutcome["failures"] = [];
  let next = 0;
  const worker = async () => {
    for (let item = incidents[next++]; item; item = incidents[next++]) {
      try {
        reminders.push(...(await remindIncident(deps, item, loaded)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log?.warn("reminders failed for an incident", { issue: item.issue.number, error: message });
        failures.push({ issue: item.issue.number, error: message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, incidents.length) }, worker));
  return { reminders, failures };
}

/**
 * One incident: decided from the board the sweep read (no request when nothing is due), then,
 * when something is, again under the incident's lock from the board as it is now, so a command
 * handled meanwhile is neither overwritten nor reminded about twice.
 */
async function remindIncident(
  deps: ServiceDeps,
  { issue, board }: SweptIncident,
  { config, problems }: LoadedConfig,
): Promise<{ issue: number; key: string }[]> {
  const seen = withKnownBoard(deps, issue.number, board);
  const pinned = board === undefined ? issue.pinnedComment : board;
  const found = await findIncident(seen, issue.number, pinned);
  // The sweep never declares: an incident without a board waits for a person's event to repair it.
  if (!found.board) return [];
  const glance = await repairIfNeeded(seen, found, issue, config);
  if (!dueReminders(glance.state, config, deps.now()).length) return [];

  return withIncidentLock(deps, [issue.number], async (locked) => {
    const loaded = await repairIfNeeded(
      locked,
      await findIncident(locked, issue.number, pinned),
      issue,
      config,
    );
    const reminders = dueReminders(loaded.state, config, deps.now());
    if (!reminders.length) return [];
    // Log first: if posting fails after this, the window is marked and nobody is pinged twice.
    const at = deps.now().toISOString();
    const events: IncidentEvent[] = reminders.map((r) => ({
      type: "reminder",
      at,
      actor: HOTWASH_ACTOR,
      key: r.key,
      text: r.text,
    }));
    await saveIncident(locked, issue, withEvents(loaded, events), { config, configProblems: problems });
    await locked.port.createComment(issue.number, reminders.map((r) => r.text).join("\n\n"));
    return reminders.map((r) => ({ issue: issue.number, key: r.key }));
  });
}

/**
 * Deps whose port answers "where is this incident's board" with the comment the sweep just read
 * (the issue's pinned comment), instead of reading it again. Undefined: not read, ask GitHub.
 */
function withKnownBoard(
  deps: ServiceDeps,
  issueNumber: number,
  board: CommentSnapshot | null | undefined,
): ServiceDeps {
  if (board === undefined) return deps;
  const port = deps.port;
  return {
    ...deps,
    port: {
      ...port,
      findBoard: (number, marker, pinned) =>
        number === issueNumber && board?.authorIsBot && board.body.startsWith(marker)
          ? Promise.resolve(board)
          : // Not the board: look for it without the pinned comment (already known not to be it).
            port.findBoard(number, marker, number === issueNumber ? null : pinned),
    },
  };
}
