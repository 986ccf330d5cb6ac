import type { HotwashConfig } from "../core/config/schema.js";
import type { Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { readActionItems, type FrontMatterActionItem } from "../core/postmortem/front-matter.js";
import {
  actionItemKey,
  findRecordedItem,
  incidentOfActionItem,
  renderActionItemBody,
} from "../core/postmortem/action-items.js";
import { displayLogin, quoteText, truncate } from "../core/text/markdown.js";
import { assignableLogins } from "./authorize.js";
import type { ServiceDeps } from "./deps.js";
import type { EffectContext, EffectOutcome } from "./effects.js";
import type { IssueEvent, IssueOutcome } from "./handle-issue.js";
import {
  findIncident,
  repairIfNeeded,
  saveIncident,
  withEvents,
  type LoadedIncident,
} from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import { GitHubError, type IssueSnapshot } from "./port.js";
import { explainFailure } from "./replies.js";

type ActionItemEffect = Extract<Effect, { type: "action-item" }>;

export interface NewActionItem {
  title: string;
  /** Assigned only when `assign` is true (the caller checked the login is assignable). */
  owner: string | null;
  assign: boolean;
  due: string | null;
  priority: string;
}

export interface CreatedActionItem {
  issue: IssueSnapshot;
  /** null when it became a sub-issue of the incident; otherwise why it could not. */
  subIssueProblem: string | null;
}

/**
 * One action item issue: label, owner assigned, due date and priority in the body, a link and a
 * hidden marker back to the incident, and made a sub-issue of it. A server without sub-issues
 * (older GitHub Enterprise Server) keeps the issue: the problem is returned, not thrown.
 */
export async function createActionItemIssue(
  deps: ServiceDeps,
  args: {
    incident: IssueSnapshot;
    incidentTitle: string;
    item: NewActionItem;
    config: HotwashConfig;
    requestedBy: string;
    origin: string;
  },
): Promise<CreatedActionItem> {
  const { incident, item } = args;
  const issue = await deps.port.createIssue({
    title: item.title,
    body: renderActionItemBody({
      incident: incident.number,
      incidentTitle: args.incidentTitle || incident.title,
      title: item.title,
      owner: item.owner,
      due: item.due,
      priority: item.priority,
      requestedBy: args.requestedBy,
      origin: args.origin,
    }),
    labels: [args.config.labels.actionItem],
    assignees: item.assign && item.owner ? [item.owner] : [],
  });
  let subIssueProblem: string | null = null;
  try {
    await deps.port.addSubIssue(incident.number, issue.id);
  } catch (error) {
    subIssueProblem =
      error instanceof GitHubError
        ? `${error.status || "error"}: ${quoteText(error.message)}`
        : String(error);
    deps.log?.warn("action item not added as a sub-issue", { issue: issue.number, error: String(error) });
  }
  return { issue, subIssueProblem };
}

function actionItemEvent(
  base: { at: string; actor: string; source?: number },
  item: FrontMatterActionItem | NewActionItem,
  issue: number,
): IncidentEvent {
  return {
    ...base,
    type: "action-item",
    title: item.title,
    owner: item.owner,
    due: item.due,
    priority: item.priority,
    issue,
  };
}

function itemLine(title: string, issue: IssueSnapshot | number, details: (string | null)[]): string {
  const ref = typeof issue === "number" ? `#${issue}` : `[#${issue.number}](${issue.htmlUrl})`;
  const parts = [quoteText(truncate(title, 200)), ...details].filter((p): p is string => Boolean(p));
  return `- ${ref} ${parts.join(" · ")}`;
}

const SUB_ISSUE_NOTE = (incident: number, problem: string) =>
  `It could not be added as a sub-issue of #${incident} (${problem}); it still links back to the incident from its description.`;

/** `/action …`: the issue is created at once and recorded on the incident's log. */
export async function runActionItem(
  deps: ServiceDeps,
  ctx: EffectContext,
  effect: ActionItemEffect,
): Promise<EffectOutcome> {
  const { issue, comment, config, state } = ctx;
  const item: NewActionItem = { ...effect, assign: effect.owner !== null };
  const created = await createActionItemIssue(deps, {
    incident: issue,
    incidentTitle: state.title,
    item,
    config,
    requestedBy: comment.author,
    origin: "`/action` on the incident",
  });
  const event = actionItemEvent(
    { at: comment.createdAt, actor: comment.author, source: comment.id },
    item,
    created.issue.number,
  );
  const line = itemLine(effect.title, created.issue, [
    effect.owner ? displayLogin(effect.owner) : "_no owner_",
    effect.due ? `due ${effect.due}` : null,
    effect.priority,
  ]);
  const replies = [`📌 Action item created:\n${line}`];
  if (created.subIssueProblem) replies.push(SUB_ISSUE_NOTE(issue.number, created.subIssueProblem));
  return { events: [event], replies };
}

// ---- from a post-mortem's front matter -------------------------------------------------------

export type SyncResult =
  | { ok: false; problems: string[] }
  | {
      ok: true;
      /** Issues created now, with notes (unassignable owner, no sub-issue). */
      created: { item: FrontMatterActionItem; issue: IssueSnapshot; notes: string[] }[];
      /** Items that already had an issue (in the front matter or on the incident's log). */
      existing: { item: FrontMatterActionItem; issue: number }[];
      /** Events to record: one `action-item` per created issue. */
      events: IncidentEvent[];
      /** Set when creating stopped part-way; what was created is still in `created`/`events`. */
      failure: string | null;
    };

/**
 * Every action item in the document without an issue becomes one, unless the incident's log
 * already has an issue for the same title and owner (a redelivered merge, a second run). All items
 * are validated first: a malformed list creates nothing.
 */
export async function syncActionItems(
  deps: ServiceDeps,
  args: {
    incident: IssueSnapshot;
    loaded: LoadedIncident;
    config: HotwashConfig;
    markdown: string;
    /** Who the created issues are requested by (whoever merged, or ran `/postmortem`). */
    actor: string;
    origin: string;
  },
): Promise<SyncResult> {
  const read = readActionItems(args.markdown, args.config.actionItems.defaultPriority);
  if (!read.ok) return read;
  const recorded = args.loaded.state.actionItems.map((i) => ({
    title: i.title,
    owner: i.owner,
    issue: i.issue,
  }));
  const existing: { item: FrontMatterActionItem; issue: number }[] = [];
  const missing: FrontMatterActionItem[] = [];
  const seen = new Set<string>();
  for (const item of read.items) {
    const issue = item.issue ?? findRecordedItem(recorded, item);
    if (issue !== null) existing.push({ item, issue });
    // The same item listed twice is one issue.
    else if (!seen.has(actionItemKey(item.title, item.owner))) missing.push(item);
    seen.add(actionItemKey(item.title, item.owner));
  }

  const assignable = await assignableLogins(
    deps.port,
    missing.flatMap((item) => (item.owner ? [item.owner] : [])),
  );

  const created: { item: FrontMatterActionItem; issue: IssueSnapshot; notes: string[] }[] = [];
  const events: IncidentEvent[] = [];
  let failure: string | null = null;
  // One at a time: GitHub's secondary rate limits punish bursts of content creation.
  for (const item of missing) {
    const assign = item.owner !== null && assignable.get(item.owner) === true;
    try {
      const result = await createActionItemIssue(deps, {
        incident: args.incident,
        incidentTitle: args.loaded.state.title,
        item: { ...item, assign },
        config: args.config,
        requestedBy: args.actor,
        origin: args.origin,
      });
      const notes: string[] = [];
      if (item.owner && !assign) {
        notes.push(
          `${displayLogin(item.owner)} cannot be assigned in this repository (not a collaborator, or no such user), so it is unassigned.`,
        );
      }
      if (result.subIssueProblem) notes.push(SUB_ISSUE_NOTE(args.incident.number, result.subIssueProblem));
      created.push({ item, issue: result.issue, notes });
      events.push(
        actionItemEvent({ at: deps.now().toISOString(), actor: args.actor }, item, result.issue.number),
      );
    } catch (error) {
      failure = explainFailure(error, `Creating the issue for "${quoteText(truncate(item.title, 80))}"`);
      break;
    }
  }
  return { ok: true, created, existing, events, failure };
}

/** The sync's outcome as markdown: what was created, what existed, what went wrong. */
export function describeSync(result: Extract<SyncResult, { ok: true }>, incident: number): string[] {
  const sections: string[] = [];
  if (result.created.length) {
    const lines = result.created.map(({ item, issue, notes }) =>
      [
        itemLine(item.title, issue, [
          item.owner ? displayLogin(item.owner) : "_no owner_",
          item.due ? `due ${item.due}` : null,
          item.priority,
        ]),
        ...notes.map((note) => `  - ${note}`),
      ].join("\n"),
    );
    sections.push(
      `📌 Created ${result.created.length} action item issue${result.created.length === 1 ? "" : "s"}, tracked on #${incident}:\n${lines.join("\n")}`,
    );
  }
  if (result.existing.length) {
    sections.push(`Already tracked: ${result.existing.map(({ issue }) => `#${issue}`).join(", ")}.`);
  }
  if (result.failure) {
    sections.push(
      `${result.failure}\nThe items above were created; the rest are created the next time this runs (\`/postmortem\` on #${incident}), and nothing is created twice.`,
    );
  }
  return sections;
}

// ---- closing -----------------------------------------------------------------------------

/**
 * `issues.closed` / `issues.reopened` for an action item (label and marker): the incident's log
 * records it, the board counts it, and the last one closing a resolved incident closes it too
 * (`actionItems.closeIncidentWhenDone`). Returns null for issues that are not action items.
 */
export async function handleActionItemIssueEvent(
  deps: ServiceDeps,
  event: IssueEvent,
): Promise<IssueOutcome | null> {
  if (event.action !== "closed" && event.action !== "reopened") return null;
  const incidentNumber = incidentOfActionItem(event.issue.body);
  if (incidentNumber === null || incidentNumber === event.issue.number) return null;
  if (event.sender.isBot) return { kind: "ignored", reason: "change made by a bot" };
  const { config, problems } = await loadConfig(deps.port);
  if (!event.issue.labels.includes(config.labels.actionItem)) return null;

  const [incident, found] = await Promise.all([
    deps.port.getIssue(incidentNumber),
    findIncident(deps, incidentNumber),
  ]);
  const loaded = await repairIfNeeded(deps, found, incident, config);
  const { state } = loaded;
  const item = state.actionItems.find((i) => i.issue === event.issue.number);
  // Only items the incident recorded count: a copied marker cannot tick someone else's board.
  if (!state.declared || !item)
    return { kind: "ignored", reason: "not an action item of a recorded incident" };
  const base = { at: event.at, actor: event.sender.login };
  if (event.action === "reopened") {
    if (!item.done) return { kind: "ignored", reason: "action item already open" };
    const reopened: IncidentEvent[] = [{ ...base, type: "action-item-reopened", issue: event.issue.number }];
    await saveIncident(deps, incident, withEvents(loaded, reopened), { config, configProblems: problems });
    return { kind: "done", events: reopened };
  }
  if (item.done) return { kind: "ignored", reason: "action item already done" };

  const events: IncidentEvent[] = [{ ...base, type: "action-item-closed", issue: event.issue.number }];
  let next = withEvents(loaded, events);
  const all = next.state.actionItems;
  const allDone = all.length > 0 && all.every((i) => i.done);
  let reply: string | null = null;
  if (allDone) {
    const note: IncidentEvent = {
      ...base,
      type: "note",
      text: `All ${all.length} action item${all.length === 1 ? " is" : "s are"} done (the last was #${event.issue.number}).`,
    };
    events.push(note);
    next = withEvents(next, [note]);
    const closable =
      config.actionItems.closeIncidentWhenDone &&
      state.status === "resolved" &&
      !state.closed &&
      incident.state === "open" &&
      !problems;
    if (closable) {
      try {
        await deps.port.updateIssue(incidentNumber, { state: "closed", stateReason: "completed" });
        const closed: IncidentEvent = { ...base, type: "closed" };
        events.push(closed);
        next = withEvents(next, [closed]);
        reply = `✅ All ${all.length} action item${all.length === 1 ? " is" : "s are"} done (the last, #${event.issue.number}, closed by ${displayLogin(event.sender.login)}). The incident was resolved, so Hotwash closed it.`;
      } catch (error) {
        reply = explainFailure(error, "Closing the incident now that every action item is done");
      }
    }
  }
  await saveIncident(deps, incident, next, { config, configProblems: problems });
  if (reply) await deps.port.createComment(incidentNumber, reply);
  return { kind: "done", events };
}
