import { interpret } from "../core/command/interpret.js";
import { commandNames, MAX_COMMAND_LINES, mayHaveCommand, parseComment } from "../core/command/parse.js";
import type { Command, RawCommand } from "../core/command/types.js";
import { knownLog } from "../core/incident/correct.js";
import { decide, type Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { HotwashConfig } from "../core/config/schema.js";
import { DEFAULT_CONFIG } from "../core/config/parse.js";
import { displayLogin, quoteText } from "../core/text/markdown.js";
import { answerComment, reactQuietly, replyQuietly } from "./answer.js";
import { assignableLogins, authorize } from "./authorize.js";
import type { ServiceDeps } from "./deps.js";
import { loadFullLog } from "./log-pages.js";
import { runEffect, DESTRUCTIVE_EFFECTS } from "./effects.js";
import {
  alreadyProcessed,
  findIncident,
  logLost,
  repairIfNeeded,
  saveIncident,
  withEvents,
  type LoadedIncident,
} from "./incident-store.js";
import { configProblemText, loadConfig } from "./load-config.js";
import type { CommentSnapshot, IssueSnapshot, ReactionContent } from "./port.js";
import { explainFailure, replyBody } from "./replies.js";
import { prepareDeclaration } from "./declaration.js";
import { failedStep, step, StepFailure } from "./steps.js";
import { refusalMarker } from "./refusals.js";

export interface CommentEvent {
  issue: IssueSnapshot;
  comment: CommentSnapshot;
  /** Pull-request conversations share the event; incidents are issues only. */
  isPullRequest: boolean;
}

export type CommentOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "invalid"; errors: string[] }
  | { kind: "duplicate" }
  | { kind: "done"; events: IncidentEvent[] }
  | { kind: "failed"; error: string };

/** `issue_comment.created` → authorize, acknowledge, execute every command line, report. */
export async function handleComment(deps: ServiceDeps, event: CommentEvent): Promise<CommentOutcome> {
  const { comment } = event;
  if (comment.authorIsBot) return { kind: "ignored", reason: "comment by a bot" };
  if (event.isPullRequest) return { kind: "ignored", reason: "pull request conversation" };
  // A line that could be a command at all: ordinary comments cost zero GitHub requests.
  if (!mayHaveCommand(comment.body)) return { kind: "ignored", reason: "no command" };
  try {
    return await accept(deps, event);
  } catch (error) {
    // Whatever failed, and however early: the comment is answered with what happened.
    const { what, cause } = failedStep(error, "The command");
    const text = explainFailure(cause, what);
    deps.log?.warn("command failed", {
      issue: event.issue.number,
      comment: comment.id,
      error: String(cause),
    });
    // A redelivery (or a re-run workflow) of a comment that already ran must not ask for it again.
    if (await ranBefore(deps, comment.id)) return { kind: "duplicate" };
    const sections = error instanceof StepFailure ? [text, NOTHING_RAN] : [text];
    await answerComment(deps, { issue: event.issue.number, id: comment.id }, "confused", sections);
    return { kind: "failed", error: text };
  }
}

/** Hotwash's 🚀 is on the comment: it ran. When even that cannot be read, it did not. */
function ranBefore(deps: ServiceDeps, commentId: number): Promise<boolean> {
  return deps.port.botReactions(commentId).then(
    (reactions) => reactions.includes("rocket"),
    () => false,
  );
}

/** Said after a failure in a step before any command ran (every `step` below is one). */
const NOTHING_RAN = "None of this comment's commands ran.";

async function accept(deps: ServiceDeps, event: CommentEvent): Promise<CommentOutcome> {
  const { port } = deps;
  const { comment, issue } = event;
  const answer = (reaction: ReactionContent, sections: string[]) =>
    answerComment(deps, { issue: issue.number, id: comment.id }, reaction, sections);

  // Independent reads, concurrently: config, the author's permission, the board.
  const checkAccess = `Checking ${displayLogin(comment.author)}'s access to this repository`;
  const [configRead, , boardRead] = await Promise.allSettled([
    step("Reading `.github/hotwash.yml`", loadConfig(port)),
    step(checkAccess, port.getPermission(comment.author)),
    step("Reading the incident's board", findIncident(deps, issue.number, issue.pinnedComment)),
  ]);
  if (configRead.status === "rejected") {
    // The defaults say whether this was a command at all: chatter starting with "/" gets no reply.
    const parsed = parseComment(comment.body, commandNames(DEFAULT_CONFIG));
    if (!parsed.commands.length && !parsed.overLimit && !parsed.nearMisses.length)
      return { kind: "ignored", reason: "no command (and the config could not be read)" };
    throw configRead.reason;
  }
  const { config, problems } = configRead.value;
  const parsed = parseComment(comment.body, commandNames(config));
  if (!parsed.commands.length && !parsed.overLimit) {
    return suggest(deps, event, parsed.nearMisses, config, checkAccess);
  }

  const authorization = await step(
    checkAccess,
    authorize(port, config, comment.author, parsed.overLimit?.lines ?? parsed.commands),
  );
  if (!authorization.allowed) {
    // The reaction is the receipt: already there means a redelivery, which must not reply twice.
    await answer("-1", [authorization.reason, refusalMarker({ comment: comment.id })]);
    return { kind: "refused", reason: authorization.reason };
  }
  if (parsed.overLimit) {
    const error = `This comment has ${parsed.overLimit.count} command lines; at most ${MAX_COMMAND_LINES} run from one comment, so none of them ran. Post them in several comments.`;
    await answer("confused", [error]);
    return { kind: "invalid", errors: [error] };
  }

  const interpreted = parsed.commands.map((raw) => ({
    raw,
    result: interpret(raw, { config, now: deps.now() }),
  }));
  const errors = interpreted.flatMap(({ raw, result }) => (result.ok ? [] : [lineError(raw, result.error)]));
  if (errors.length) {
    // Validate every line before running any: a comment either runs whole or not at all.
    // With a broken config, defaults apply (e.g. no services): the real cause must be named too.
    await answer("confused", [
      ...errors,
      "Nothing was changed; post a corrected comment.",
      ...(problems ? [configProblemText(problems)] : []),
    ]);
    return { kind: "invalid", errors };
  }
  const commands = interpreted.flatMap(({ result }) => (result.ok ? [result.command] : []));

  if (boardRead.status === "rejected") throw boardRead.reason;
  let loaded = boardRead.value;
  if (alreadyProcessed(loaded, comment.id)) return { kind: "duplicate" };
  // Without a readable log, Hotwash's own final reaction is the receipt that this comment ran.
  if (
    logLost(loaded, issue, config) &&
    (await step("Reading this comment's reactions", port.botReactions(comment.id))).some(
      (r) => r === "rocket" || r === "confused",
    )
  ) {
    return { kind: "duplicate" };
  }
  // Acknowledge while checking the people the commands would assign: neither waits for the other.
  const [, assignable] = await Promise.all([
    step("Acknowledging the comment (👀)", port.react(comment.id, "eyes")),
    step("Checking who can be assigned", assignableLogins(port, commands.flatMap(usersOf))),
  ]);

  loaded = await step(
    "Rebuilding the incident's log from its comments",
    repairIfNeeded(deps, loaded, issue, config, comment.id),
  );
  const outcome = await execute(deps, event, loaded, commands, assignable, config, problems);
  // The commands ran: a reaction or reply GitHub refuses now is logged, never answered with "failed".
  await reactQuietly(deps, comment.id, outcome.failures.length ? "confused" : "rocket");
  const sections = [...outcome.replies, ...outcome.failures];
  if (problems && commands.some((c) => c.name !== "help")) sections.push(configProblemText(problems));
  if (sections.length) await replyQuietly(deps, issue.number, replyBody(comment.id, sections));
  return outcome.failures.length
    ? { kind: "failed", error: outcome.failures.join("\n") }
    : { kind: "done", events: outcome.events };
}

interface Execution {
  events: IncidentEvent[];
  replies: string[];
  failures: string[];
}

async function execute(
  deps: ServiceDeps,
  event: CommentEvent,
  initial: LoadedIncident,
  commands: Command[],
  assignable: ReadonlyMap<string, boolean>,
  config: HotwashConfig,
  problems: string[] | null,
): Promise<Execution> {
  const { comment, issue } = event;
  const result: Execution = { events: [], replies: [], failures: [] };
  let loaded = await withSealedTargets(deps, initial, commands);
  const effects: Effect[] = [];

  for (const command of commands) {
    const unassignable = usersOf(command).find((user) => !assignable.get(user));
    if (unassignable) {
      result.failures.push(
        `\`/${command.name === "commander" ? "ic" : command.name}\`: ${quoteText(`@${unassignable}`)} cannot be assigned in this repository (not a collaborator, or no such user). Pick someone with access.`,
      );
      continue;
    }
    const decision = decide(loaded.state, command, {
      actor: comment.author,
      at: comment.createdAt,
      source: comment.id,
      config,
      issueTitle: issue.title,
      log: knownLog(loaded.data.sealed.count, loaded.sealedEvents, loaded.data.events),
    });
    if (!decision.ok) {
      result.failures.push(decision.error);
      continue;
    }
    loaded = withEvents(loaded, decision.events);
    result.events.push(...decision.events);
    result.replies.push(...decision.notices);
    effects.push(...decision.effects);
  }

  loaded = await prepareDeclaration(deps, loaded, result.events, config);
  // Record the comment as processed with its events, before side effects that cannot be undone.
  loaded = withEvents(loaded, [], [comment.id]);
  loaded = await saveIncident(deps, issue, loaded, { config, configProblems: problems });

  let effectEvents: IncidentEvent[] = [];
  for (const effect of effects) {
    if (problems && DESTRUCTIVE_EFFECTS.has(effect.type)) {
      result.failures.push(`\`${effect.type}\` is disabled until \`.github/hotwash.yml\` is fixed.`);
      continue;
    }
    try {
      const outcome = await runEffect(
        deps,
        { issue, comment, config, state: loaded.state, events: loaded.data.events },
        effect,
      );
      effectEvents = [...effectEvents, ...outcome.events];
      result.replies.push(...outcome.replies);
    } catch (error) {
      result.failures.push(explainFailure(error, effectLabel(effect)));
    }
  }
  if (effectEvents.length) {
    loaded = withEvents(loaded, effectEvents);
    await saveIncident(deps, issue, loaded, { config, configProblems: problems });
    result.events.push(...effectEvents);
  }
  return result;
}

/**
 * `/timeline fix|drop` of an entry sealed into a log page: read the pages so the entry can be
 * checked. Unread (a page is gone or edited), the correction is refused with a reply saying so.
 */
async function withSealedTargets(
  deps: ServiceDeps,
  loaded: LoadedIncident,
  commands: readonly Command[],
): Promise<LoadedIncident> {
  const count = loaded.data.sealed.count;
  const sealedTarget = commands.some(
    (c) => (c.name === "timeline-fix" || c.name === "timeline-drop") && c.entry <= count,
  );
  if (!sealedTarget || loaded.sealedEvents?.length === count) return loaded;
  const log = await loadFullLog(deps, loaded);
  return log.missing ? loaded : { ...loaded, sealedEvents: log.events.slice(0, count) };
}

/** Users a command would assign, checked before any command runs. */
function usersOf(command: Command): string[] {
  if ((command.name === "commander" || command.name === "role") && command.user) return [command.user];
  if (command.name === "action" && command.owner) return [command.owner];
  return [];
}

async function suggest(
  deps: ServiceDeps,
  event: CommentEvent,
  nearMisses: { typed: string; suggestion: string; line: number }[],
  config: HotwashConfig,
  checkAccess: string,
): Promise<CommentOutcome> {
  if (!nearMisses.length) return { kind: "ignored", reason: "no command" };
  // Hints are a visible effect too: only for people who could run the suggested command.
  const rawSuggestions: RawCommand[] = nearMisses.map((m) => ({
    name: m.suggestion,
    args: "",
    line: m.line,
  }));
  const authorization = await step(
    checkAccess,
    authorize(deps.port, config, event.comment.author, rawSuggestions),
  );
  if (!authorization.allowed) return { kind: "ignored", reason: "near miss by someone who could not run it" };
  const lines = nearMisses.map(
    (m) => `- \`/${quoteText(m.typed)}\` is not a Hotwash command. Did you mean \`/${m.suggestion}\`?`,
  );
  // 😕 marks the comment as answered, so a redelivery does not suggest twice.
  if (!(await reactQuietly(deps, event.comment.id, "confused"))) return { kind: "duplicate" };
  await replyQuietly(
    deps,
    event.issue.number,
    replyBody(event.comment.id, [
      ...lines,
      "Nothing was run. Post the corrected command in a new comment (edits are never executed); `/help` lists them all.",
    ]),
  );
  return { kind: "invalid", errors: lines };
}

function lineError(raw: RawCommand, error: string): string {
  return `Line ${raw.line} (\`/${raw.name}\`): ${error}`;
}

function effectLabel(effect: Effect): string {
  switch (effect.type) {
    case "dispatch":
      return `\`/${effect.command} ${effect.service}\``;
    case "action-item":
      return "Creating the action item";
    case "postmortem":
      return "`/postmortem`";
    case "escalate":
      return "Escalation";
    case "help":
      return "`/help`";
  }
}
