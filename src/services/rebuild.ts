import { interpret } from "../core/command/interpret.js";
import { commandNames, parseComment } from "../core/command/parse.js";
import type { Command, RawCommand } from "../core/command/types.js";
import { hasOwn } from "../core/config/lookup.js";
import { STATUSES, defaultSeverityKey, type HotwashConfig } from "../core/config/schema.js";
import { decide } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { severityFromIssueBody } from "../core/incident/issue-form.js";
import {
  chainPages,
  pageHash,
  PROCESSED_KEPT,
  type BoardData,
  type LogPage,
  type SealedLog,
} from "../core/incident/log.js";
import { compactState, foldIncident } from "../core/incident/state.js";
import { assignableLogins, authorize } from "./authorize.js";
import type { ServiceDeps } from "./deps.js";
import type { LoadedIncident } from "./loaded-incident.js";
import type { CommentSnapshot, IssueSnapshot, LabelEvent } from "./port.js";
import { declarationRefused, readRefusals, type Refusals } from "./refusals.js";
import { trustedPages, writtenBy } from "./trust.js";
import { knownLog } from "../core/incident/correct.js";

/**
 * Re-derive the log from the issue's comments when the board is gone or cannot be believed. Sealed
 * log pages (Hotwash's own, unchanged) give the log's first part, Hotwash's own entries included;
 * then every command comment no page covers is replayed, in order, exactly as the live path would
 * have run it: every line valid, the author allowed, each person it assigns assignable, and not
 * refused before (Hotwash's refusal replies say so). Side effects are not repeated (no
 * re-dispatch, no issues). A declaration by label counts only when whoever added the label may
 * declare. The comment being handled now (`exceptCommentId`) is left for the caller to execute.
 */
export async function rebuildIncident(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  config: HotwashConfig,
  exceptCommentId: number | null,
): Promise<LoadedIncident> {
  const [comments, self] = await Promise.all([deps.port.listComments(issue.number), deps.port.identity()]);
  const { sealed, sealedEvents, covered } = sealedLog(
    comments,
    await trustedPages(deps, issue.number, comments),
  );
  const refusals = readRefusals(comments, self);

  const candidates = comments.flatMap((comment) => {
    if (comment.authorIsBot || comment.edited || comment.id === exceptCommentId) return [];
    if (covered.has(comment.id) || refusals.comments.has(comment.id)) return [];
    const parsed = parseComment(comment.body, commandNames(config));
    if (!parsed.commands.length) return [];
    const results = parsed.commands.map((raw) =>
      interpret(raw, { config, now: new Date(comment.createdAt) }),
    );
    // The live path runs none of a comment's lines when one of them is invalid.
    const commands = results.flatMap((result) => (result.ok ? [result.command] : []));
    return commands.length === results.length ? [{ comment, raw: parsed.commands, commands }] : [];
  });
  const [allowed, assignable] = await Promise.all([
    Promise.all(candidates.map((c) => authorize(deps.port, config, c.comment.author, c.raw))),
    assignableLogins(
      deps.port,
      candidates.flatMap((c) => c.commands.flatMap(assigneesOf)),
    ),
  ]);

  let state = sealed.state;
  const tail: IncidentEvent[] = [];
  const processed: number[] = [];
  candidates.forEach(({ comment, commands }, i) => {
    if (!allowed[i]?.allowed) return;
    for (const command of commands) {
      // Refused live as unassignable: replaying it would make every later write fail (422).
      if (assigneesOf(command).some((login) => !assignable.get(login))) continue;
      // Past the sealed pages, Hotwash's own entries are not replayed, so later positions shift:
      // a `t…` ref written against the lost board could name another entry now. Never guess.
      if (
        (command.name === "timeline-fix" || command.name === "timeline-drop") &&
        command.entry > sealed.count
      )
        continue;
      const decision = decide(state, command, {
        actor: comment.author,
        at: comment.createdAt,
        source: comment.id,
        config,
        issueTitle: issue.title,
        log: knownLog(sealed.count, sealedEvents, tail),
      });
      if (!decision.ok) continue;
      tail.push(...decision.events);
      state = foldIncident(decision.events, state);
    }
    processed.push(comment.id);
  });
  const data: BoardData = { v: 2, sealed, events: tail, processed: processed.slice(-PROCESSED_KEPT) };
  const loaded: LoadedIncident = { issueNumber: issue.number, board: null, data, state, sealedEvents };
  return state.declared ? loaded : declaredFromLabels(deps, loaded, issue, config, self, refusals);
}

/** People a command would assign (checked live before it runs). */
export function assigneesOf(command: Command): string[] {
  if ((command.name === "commander" || command.name === "role") && command.user) return [command.user];
  if (command.name === "action" && command.owner) return [command.owner];
  return [];
}

/** The chain of trusted sealed pages among the comments, and the comments their entries came from. */
function sealedLog(
  comments: readonly CommentSnapshot[],
  trusted: ReadonlyMap<number, LogPage>,
): { sealed: SealedLog; sealedEvents: IncidentEvent[]; covered: Set<number> } {
  const found = comments.flatMap((comment) => {
    const page = trusted.get(comment.id);
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

/**
 * An incident declared by label or issue form has no command to replay. It counts as the live
 * path would have counted it: the label was added by someone allowed to declare (and not refused
 * for it), or by Hotwash itself after accepting the form of an author allowed to; its severity and
 * status labels only when whoever added them could have set them.
 */
async function declaredFromLabels(
  deps: ServiceDeps,
  loaded: LoadedIncident,
  issue: IssueSnapshot,
  config: HotwashConfig,
  self: string | null,
  refusals: Refusals,
): Promise<LoadedIncident> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!issue.labels.some((label) => same(label, config.labels.incident))) return loaded;
  const events = await deps.port.listLabelEvents(issue.number);
  const byHotwash = (e: LabelEvent) => writtenBy(self, { author: e.actor, authorIsBot: e.actorIsBot });
  const may = (login: string, name: string, args = "") =>
    authorize(deps.port, config, login, [{ name, args, line: 1 } satisfies RawCommand]).then(
      (a) => a.allowed,
    );

  let declarer: { actor: string; at: string; opening: boolean } | null = null;
  for (const e of events) {
    if (e.action !== "labeled" || !same(e.label, config.labels.incident)) continue;
    const candidate = byHotwash(e)
      ? { actor: issue.author, at: issue.createdAt, opening: true }
      : e.actorIsBot
        ? null
        : { actor: e.actor, at: e.at, opening: Date.parse(e.at) - Date.parse(issue.createdAt) < 3_000 };
    if (!candidate || declarationRefused(refusals, candidate.actor, candidate.at)) continue;
    if (await may(candidate.actor, "incident")) {
      declarer = candidate;
      break;
    }
  }
  if (!declarer) return loaded;

  /** The label on the issue, when whoever added it last could have set it. */
  const vouched = async (label: string, command: string, args?: string) => {
    const last = events.filter((e) => e.action === "labeled" && same(e.label, label)).at(-1);
    if (!last) return false;
    return byHotwash(last) || (!last.actorIsBot && (await may(last.actor, command, args)));
  };
  const severityLabels = issue.labels.filter((l) => hasOwn(config.severities, l));
  let severity: string | null = null;
  for (const label of severityLabels) if (!severity && (await vouched(label, label))) severity = label;
  severity ??= declarer.opening ? severityFromIssueBody(issue.body, Object.keys(config.severities)) : null;
  const statusLabel = issue.labels.find((l) => l.startsWith(config.labels.statusPrefix));
  const status = STATUSES.find((s) => `${config.labels.statusPrefix}${s}` === statusLabel);
  const statusOk =
    status && status !== "investigating" && statusLabel && (await vouched(statusLabel, "status", status));

  const { actor, at } = declarer;
  const commander = (await deps.port.isAssignable(actor)) ? actor : null;
  const declared: IncidentEvent[] = [
    {
      type: "declared" as const,
      at,
      actor,
      title: issue.title,
      severity: severity ?? defaultSeverityKey(config),
      drill: issue.labels.includes(config.labels.drill),
      commander,
    },
    ...(statusOk && status ? [{ type: "status" as const, at, actor, status, message: null }] : []),
  ];
  const all = [...declared, ...loaded.data.events];
  return {
    ...loaded,
    data: { ...loaded.data, events: all },
    state: foldIncident(all, loaded.data.sealed.state),
  };
}
