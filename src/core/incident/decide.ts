import type { Command } from "../command/types.js";
import { defaultSeverityKey, type HotwashConfig } from "../config/schema.js";
import { correctionProblem, type KnownLog } from "./correct.js";
import type { IncidentEvent } from "./events.js";
import type { IncidentState } from "./state.js";
import { ownValue } from "../config/lookup.js";
import { mention } from "../text/markdown.js";

export interface DecideContext {
  actor: string;
  /** The command's own time (the comment's created_at). */
  at: string;
  source?: number;
  config: HotwashConfig;
  issueTitle: string;
  /** Who commands a new declaration; defaults to the actor. null: nobody yet (`/ic` to take it). */
  commander?: string | null;
  /** The log entries the caller holds, for `/timeline fix|drop` to check the entry they name. */
  log?: KnownLog;
}

/** Side effects a command asks for beyond the log; services carry them out and record the outcome. */
export type Effect =
  | { type: "escalate"; severity: string; mentions: string[] }
  | { type: "help" }
  | {
      type: "dispatch";
      command: "diagnose" | "rollback";
      service: string;
      ref: string | null;
      params: Record<string, string>;
    }
  | { type: "action-item"; title: string; owner: string | null; due: string | null; priority: string }
  | { type: "postmortem" };

export type Decision =
  { ok: true; events: IncidentEvent[]; effects: Effect[]; notices: string[] } | { ok: false; error: string };

const NOT_DECLARED =
  "This issue is not an incident yet. Declare it first with `/incident [sev1-4] [title]` (or `/sev1`…`/sev4`).";

/** What a validated command does to an incident: pure, so the App, the Action and the CLI agree. */
export function decide(state: IncidentState, command: Command, ctx: DecideContext): Decision {
  const base = { at: ctx.at, actor: ctx.actor, ...(ctx.source === undefined ? {} : { source: ctx.source }) };
  const done = (events: IncidentEvent[], effects: Effect[] = [], notices: string[] = []): Decision => ({
    ok: true,
    events,
    effects,
    notices,
  });

  switch (command.name) {
    case "incident": {
      if (state.declared) {
        if (command.severity && command.severity !== state.severity) {
          return decide(state, { name: "severity", severity: command.severity }, ctx);
        }
        return done([], [], [`This issue is already an incident (${state.severity}, ${state.status}).`]);
      }
      return declare(command.severity, command.title, command.drill);
    }
    case "severity": {
      if (!state.declared) return declare(command.severity, null, false);
      if (command.severity === state.severity) {
        return done([], [], [`Severity is already ${command.severity}.`]);
      }
      const event: IncidentEvent = { ...base, type: "severity", from: state.severity, to: command.severity };
      const raised = isRaise(ctx.config, state.severity, command.severity);
      return done([event], raised ? escalation(command.severity) : []);
    }
    case "status": {
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      if (state.status === "resolved" && command.status === "resolved" && !command.message) {
        return done([], [], ["This incident is already resolved."]);
      }
      return done([{ ...base, type: "status", status: command.status, message: command.message }]);
    }
    case "commander": {
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      const user = command.user ?? ctx.actor;
      if (user === state.commander) return done([], [], [`${user} is already the incident commander.`]);
      return done([{ ...base, type: "commander", user }]);
    }
    case "role": {
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      const user = command.user ?? ctx.actor;
      if (ownValue(state.roles, command.role) === user)
        return done([], [], [`${user} already has the ${command.role} role.`]);
      return done([{ ...base, type: "role", role: command.role, user }]);
    }
    case "note":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done([{ ...base, type: "note", text: command.text }]);
    case "timeline":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done([{ ...base, at: command.at, type: "backdated", text: command.text, recordedAt: ctx.at }]);
    case "timeline-fix":
    case "timeline-drop": {
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      const problem = correctionProblem(state, ctx.log, command);
      if (problem) return { ok: false, error: problem };
      return done([
        command.name === "timeline-drop"
          ? { ...base, type: "retraction", entry: command.entry }
          : { ...base, type: "correction", entry: command.entry, text: command.text, to: command.at },
      ]);
    }
    case "diagnose":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done(
        [],
        [
          {
            type: "dispatch",
            command: "diagnose",
            service: command.service,
            ref: null,
            params: command.params,
          },
        ],
      );
    case "rollback":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done(
        [],
        [{ type: "dispatch", command: "rollback", service: command.service, ref: command.ref, params: {} }],
      );
    case "service": {
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      const list = command.services.map((s) => `\`${s}\``).join(", ");
      if (sameServices(state.services, command.services)) {
        return done([], [], [`The incident's services are already ${list}.`]);
      }
      return done([{ ...base, type: "services", services: command.services }]);
    }
    case "action":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done(
        [],
        [
          {
            type: "action-item",
            title: command.title,
            owner: command.owner,
            due: command.due,
            priority: command.priority ?? ctx.config.actionItems.defaultPriority,
          },
        ],
      );
    case "postmortem":
      if (!state.declared) return { ok: false, error: NOT_DECLARED };
      return done([], [{ type: "postmortem" }]);
    case "help":
      return done([], [{ type: "help" }]);
  }

  function declare(severity: string | null, title: string | null, drill: boolean): Decision {
    const key = severity ?? defaultSeverityKey(ctx.config);
    const event: IncidentEvent = {
      ...base,
      type: "declared",
      title: title ?? ctx.issueTitle,
      severity: key,
      drill,
      commander: ctx.commander === undefined ? ctx.actor : ctx.commander,
    };
    // Drills exercise the process without paging anyone.
    return done([event], drill ? [] : escalation(key));
  }

  function escalation(severity: string): Effect[] {
    const mentions = escalationMentions(ctx.config, severity, state.services);
    return mentions.length && !state.drill ? [{ type: "escalate", severity, mentions }] : [];
  }
}

/**
 * The severity's contacts, then the owners of the incident's services: each once, as `@org/team`.
 * A severity without contacts pages nobody, so owners are not paged on every minor raise.
 */
export function escalationMentions(
  config: HotwashConfig,
  severity: string,
  services: readonly string[],
): string[] {
  const contacts = ownValue(config.severities, severity)?.escalate ?? [];
  if (!contacts.length) return [];
  const owners = services.flatMap((name) => ownValue(config.services, name)?.owners ?? []);
  const seen = new Set<string>();
  const mentions: string[] = [];
  for (const who of [...contacts, ...owners]) {
    const at = mention(who);
    if (seen.has(at.toLowerCase())) continue;
    seen.add(at.toLowerCase());
    mentions.push(at);
  }
  return mentions;
}

function sameServices(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** A raise moves towards the first (most severe) configured severity. */
export function isRaise(config: HotwashConfig, from: string | null, to: string): boolean {
  const order = Object.keys(config.severities);
  if (from === null) return true;
  const fromIndex = order.indexOf(from);
  return fromIndex < 0 || order.indexOf(to) < fromIndex;
}
