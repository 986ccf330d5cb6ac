import { renderHelp } from "../core/command/help.js";
import type { HotwashConfig } from "../core/config/schema.js";
import type { Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { IncidentState } from "../core/incident/state.js";
import type { ServiceDeps } from "./deps.js";
import { runDispatch } from "./dispatch.js";
import type { CommentSnapshot, IssueSnapshot } from "./port.js";
import { ownValue } from "../core/config/lookup.js";

export interface EffectContext {
  issue: IssueSnapshot;
  comment: CommentSnapshot;
  config: HotwashConfig;
  state: IncidentState;
  /** The incident's log as saved (state's events); effects that need it read the board when absent. */
  events?: readonly IncidentEvent[];
}

export interface EffectOutcome {
  events: IncidentEvent[];
  /** Sections of the one reply the comment gets. */
  replies: string[];
}

/** Effects that reach outside the issue; a broken config turns them off. */
export const DESTRUCTIVE_EFFECTS: ReadonlySet<Effect["type"]> = new Set([
  "dispatch",
  "action-item",
  "postmortem",
]);

export async function runEffect(
  deps: ServiceDeps,
  ctx: EffectContext,
  effect: Effect,
): Promise<EffectOutcome> {
  switch (effect.type) {
    case "escalate": {
      const severity = ownValue(ctx.config.severities, effect.severity);
      // Deliberate, configured mentions: this is the one place Hotwash pages people.
      return {
        events: [],
        replies: [
          `🚨 **Escalated to ${effect.severity}${severity ? ` (${severity.name})` : ""}**: ${effect.mentions.join(" ")}`,
        ],
      };
    }
    case "help":
      return { events: [], replies: [renderHelp(ctx.config)] };
    case "dispatch":
      return runDispatch(deps, ctx, effect);
    case "action-item":
      // Loaded on first use: the Action starts faster on the many events that need neither.
      return (await import("./action-items.js")).runActionItem(deps, ctx, effect);
    case "postmortem":
      return (await import("./postmortem.js")).runPostmortem(deps, ctx);
  }
}
