import { interpret } from "../core/command/interpret.js";
import { commandNames, parseComment } from "../core/command/parse.js";
import { decide } from "../core/incident/decide.js";
import { foldIncident } from "../core/incident/state.js";
import { STATUSES, defaultSeverityKey, type HotwashConfig } from "../core/config/schema.js";
import { authorize } from "./authorize.js";
import type { ServiceDeps } from "./deps.js";
import { emptyBoardData, withEvents, type LoadedIncident } from "./incident-store.js";
import type { IssueSnapshot } from "./port.js";

/**
 * Re-derive the log from the issue's comments when the board is gone: replay every command a
 * person was allowed to run, in order, without repeating side effects (no re-dispatch, no issues).
 * The comment being handled now (`exceptCommentId`) is left for the caller to execute.
 */
export async function rebuildIncident(
  deps: ServiceDeps,
  issue: IssueSnapshot,
  config: HotwashConfig,
  exceptCommentId: number | null,
): Promise<LoadedIncident> {
  const comments = await deps.port.listComments(issue.number);
  let loaded: LoadedIncident = { board: null, data: emptyBoardData(), state: foldIncident([]) };
  const names = commandNames(config);
  for (const comment of comments) {
    if (comment.authorIsBot || comment.edited || comment.id === exceptCommentId) continue;
    const parsed = parseComment(comment.body, names);
    if (!parsed.commands.length) continue;
    const authorization = await authorize(deps.port, config, comment.author, parsed.commands);
    if (!authorization.allowed) continue;
    for (const raw of parsed.commands) {
      const result = interpret(raw, { config, now: new Date(comment.createdAt) });
      if (!result.ok) continue;
      const decision = decide(loaded.state, result.command, {
        actor: comment.author,
        at: comment.createdAt,
        source: comment.id,
        config,
        issueTitle: issue.title,
      });
      if (decision.ok) loaded = withEvents(loaded, decision.events);
    }
    loaded = withEvents(loaded, [], [comment.id]);
  }
  if (!loaded.state.declared) loaded = declaredFromLabels(loaded, issue, config);
  return loaded;
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
  const events = [
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
  return withEvents({ ...loaded, data: { ...loaded.data, events: [...events, ...loaded.data.events] } }, []);
}
