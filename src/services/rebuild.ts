import { interpret } from "../core/command/interpret.js";
import { commandNames, parseComment } from "../core/command/parse.js";
import { decide } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import {
  chainPages,
  pageHash,
  PROCESSED_KEPT,
  readLogPage,
  type BoardData,
  type SealedLog,
} from "../core/incident/log.js";
import { compactState, foldIncident } from "../core/incident/state.js";
import { STATUSES, defaultSeverityKey, type HotwashConfig } from "../core/config/schema.js";
import { authorize } from "./authorize.js";
import type { ServiceDeps } from "./deps.js";
import type { LoadedIncident } from "./loaded-incident.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";

/**
 * Re-derive the log from the issue's comments when the board is gone or unreadable. Sealed log
 * pages (Hotwash's own, unchanged) give the log's first part, Hotwash's own entries included;
 * then every command a person was allowed to run that no page covers is replayed, in order,
 * without repeating side effects (no re-dispatch, no issues). The fold is linear: each entry is
 * folded once. The comment being handled now (`exceptCommentId`) is left for the caller to execute.
 * `author` is the board's author when the board still exists: only its pages are trusted.
 */
export async function rebuildIncident(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  config: HotwashConfig,
  exceptCommentId: number | null,
  author: string | null = null,
): Promise<LoadedIncident> {
  const comments = await deps.port.listComments(issue.number);
  const { sealed, sealedEvents, covered } = sealedPages(comments, author);
  let state = sealed.state;
  const tail: IncidentEvent[] = [];
  const processed: number[] = [];
  const names = commandNames(config);
  for (const comment of comments) {
    if (comment.authorIsBot || comment.edited || comment.id === exceptCommentId || covered.has(comment.id)) {
      continue;
    }
    const parsed = parseComment(comment.body, names);
    if (!parsed.commands.length) continue;
    const authorization = await authorize(deps.port, config, comment.author, parsed.commands);
    if (!authorization.allowed) continue;
    for (const raw of parsed.commands) {
      const result = interpret(raw, { config, now: new Date(comment.createdAt) });
      if (!result.ok) continue;
      const decision = decide(state, result.command, {
        actor: comment.author,
        at: comment.createdAt,
        source: comment.id,
        config,
        issueTitle: issue.title,
      });
      if (!decision.ok) continue;
      tail.push(...decision.events);
      state = foldIncident(decision.events, state);
    }
    processed.push(comment.id);
  }
  const data: BoardData = { v: 2, sealed, events: tail, processed: processed.slice(-PROCESSED_KEPT) };
  const loaded: LoadedIncident = { board: null, data, state, sealedEvents };
  return state.declared ? loaded : declaredFromLabels(loaded, issue, config);
}

/** The chain of sealed pages among the comments, and the comments their entries came from. */
function sealedPages(
  comments: readonly CommentSnapshot[],
  author: string | null,
): { sealed: SealedLog; sealedEvents: IncidentEvent[]; covered: Set<number> } {
  const found = comments.flatMap((comment) => {
    if (author ? comment.author !== author : !comment.authorIsBot) return [];
    const page = readLogPage(comment.body);
    return page ? [{ id: comment.id, page }] : [];
  });
  const chain = chainPages(found);
  const sealedEvents = chain.flatMap(({ page }) => page.events);
  return {
    sealed: {
      state: compactState(foldIncident(sealedEvents)),
      count: sealedEvents.length,
      pages: chain.map(({ id, page }) => ({ id, count: page.events.length, hash: pageHash(page) })),
    },
    sealedEvents,
    covered: new Set(chain.flatMap(({ page }) => page.processed)),
  };
}

/** An incident declared by label (issue form, a person) has no command to replay. */
function declaredFromLabels(
  loaded: LoadedIncident,
  issue: IssueSnapshot,
  config: HotwashConfig,
): LoadedIncident {
  const severity = issue.labels.find((l) => l in config.severities);
  const statusLabel = issue.labels.find((l) => l.startsWith(config.labels.statusPrefix));
  const status = STATUSES.find((s) => `${config.labels.statusPrefix}${s}` === statusLabel);
  const at = issue.createdAt;
  const actor = issue.author;
  const declared: IncidentEvent[] = [
    {
      type: "declared" as const,
      at,
      actor,
      title: issue.title,
      severity: severity ?? defaultSeverityKey(config),
      drill: issue.labels.includes(config.labels.drill),
      commander: issue.assignees[0] ?? actor,
    },
    ...(status && status !== "investigating"
      ? [{ type: "status" as const, at, actor, status, message: null }]
      : []),
  ];
  const events = [...declared, ...loaded.data.events];
  return {
    ...loaded,
    data: { ...loaded.data, events },
    state: foldIncident(events, loaded.data.sealed.state),
  };
}
