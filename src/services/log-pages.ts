import type { IncidentEvent } from "../core/incident/events.js";
import { joinPages, planSeal, renderLogPage, withSealedPage, type LogPage } from "../core/incident/log.js";
import { foldIncident, type IncidentState } from "../core/incident/state.js";
import type { ServiceDeps } from "./deps.js";
import type { LoadedIncident } from "./loaded-incident.js";
import type { CommentSnapshot } from "./port.js";
import { sealFor, trustedPages } from "./trust.js";

/** Pages one save may write: the first save of a log migrated or rebuilt whole can need several. */
const MAX_PAGES_PER_SAVE = 50;

/**
 * Seal the tail's oldest entries into log pages while it is past the threshold (`force`: all of
 * it, when the board could not hold its data otherwise). Each page is posted, then hidden; a page
 * that cannot be hidden is still a valid page. A page that cannot be posted leaves the entries on
 * the board for the next save to try again.
 */
export async function sealIfNeeded(
  deps: ServiceDeps,
  issueNumber: number,
  loaded: LoadedIncident,
  force = false,
): Promise<LoadedIncident> {
  let data = loaded.data;
  let sealedEvents = loaded.sealedEvents;
  const seal = sealFor(deps, issueNumber, "page");
  for (let written = 0; written < MAX_PAGES_PER_SAVE; written++) {
    const page = planSeal(data, force);
    if (!page) break;
    const body = renderLogPage(page, data.sealed.pages.length + 1, seal?.sign);
    let posted: Awaited<ReturnType<typeof deps.port.createHiddenComment>>;
    try {
      posted = await deps.port.createHiddenComment(issueNumber, body);
    } catch (error) {
      deps.log?.warn("could not write a log page; the entries stay on the board", {
        issue: issueNumber,
        error: String(error),
      });
      break;
    }
    if (!posted.hidden) {
      deps.log?.warn("log page posted but not hidden", { issue: issueNumber, problem: posted.problem });
    }
    data = withSealedPage(data, page, posted.comment.id);
    if (sealedEvents) sealedEvents = [...sealedEvents, ...page.events];
  }
  if (data === loaded.data) return loaded;
  return { ...loaded, data, ...(sealedEvents ? { sealedEvents } : {}) };
}

export interface FullLog {
  /** Every entry of the log that could be read, oldest first. */
  events: IncidentEvent[];
  /** The fold of the whole log (the board's state when a page could not be read). */
  state: IncidentState;
  /** Entries in pages that are gone or were edited. */
  missing: number;
}

/**
 * The whole log: the sealed pages the board names (read by id, concurrently, trusted only when
 * Hotwash wrote them and nobody changed them, see trust.ts) followed by the board's tail. What a
 * command needs is on the board; only readers of the whole log (the post-mortem) come here.
 */
export async function loadFullLog(deps: ServiceDeps, loaded: LoadedIncident): Promise<FullLog> {
  const { sealed, events: tail } = loaded.data;
  if (!sealed.pages.length) return { events: tail, state: foldIncident(tail), missing: 0 };
  if (loaded.sealedEvents?.length === sealed.count) {
    const events = [...loaded.sealedEvents, ...tail];
    return { events, state: foldIncident(events), missing: 0 };
  }
  const comments = await Promise.all(
    sealed.pages.map((ref) => deps.port.getComment(ref.id).catch(() => null)),
  );
  // Pages are signed for their issue; a log read without one trusts none of them.
  const trusted =
    loaded.issueNumber === undefined
      ? new Map<number, LogPage>()
      : await trustedPages(
          deps,
          loaded.issueNumber,
          comments.filter((c): c is CommentSnapshot => c !== null),
        );
  const joined = joinPages(
    sealed.pages,
    sealed.pages.map((ref) => trusted.get(ref.id) ?? null),
  );
  const missing = joined.missing.reduce((sum, ref) => sum + ref.count, 0);
  const events = [...joined.events, ...tail];
  if (missing) {
    deps.log?.warn("log pages missing or edited", { pages: joined.missing.map((ref) => ref.id) });
    return { events, state: loaded.state, missing };
  }
  return { events, state: foldIncident(events), missing };
}
