import { STATUSES, type Status } from "../core/config/schema.js";
import { decide, type Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { isIncidentForm, severityFromIssueBody } from "../core/incident/issue-form.js";
import { handleActionItemIssueEvent } from "./action-items.js";
import type { ServiceDeps } from "./deps.js";
import { runEffect } from "./effects.js";
import { findIncident, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import { authorize } from "./authorize.js";
import { displayLogin } from "../core/text/markdown.js";
import { prepareDeclaration } from "./declaration.js";
import type { IssueSnapshot } from "./port.js";

export type IssueAction = "opened" | "labeled" | "closed" | "reopened";

export interface IssueEvent {
  action: IssueAction;
  issue: IssueSnapshot & { stateReason?: string | null };
  /** The label added, for `labeled`. */
  label?: string;
  sender: { login: string; isBot: boolean };
  /** When GitHub says it happened (the issue's updated_at/closed_at). */
  at: string;
}

export type IssueOutcome = { kind: "ignored"; reason: string } | { kind: "done"; events: IncidentEvent[] };

/** Labels and open/closed changes made by people, folded into the incident's log. */
export async function handleIssueEvent(deps: ServiceDeps, event: IssueEvent): Promise<IssueOutcome> {
  // Action items (label + marker) closing or reopening are recorded on their incident instead.
  const actionItem = await handleActionItemIssueEvent(deps, event);
  if (actionItem) return actionItem;
  // Hotwash's own label and state changes come back as webhooks: they are already in the log.
  if (event.sender.isBot) return { kind: "ignored", reason: "change made by a bot" };
  const { issue } = event;
  const [{ config, problems }, found] = await Promise.all([
    loadConfig(deps.port),
    findIncident(deps, issue.number, issue.pinnedComment),
  ]);
  // On open or label, a missing board means "not declared yet", not a lost log.
  const declaring = event.action === "opened" || event.action === "labeled";
  const loaded = declaring && !found.unreadable ? found : await repairIfNeeded(deps, found, issue, config);
  const repaired = loaded !== found;
  const state = loaded.state;
  const actor = event.sender.login;
  const base = { at: event.at, actor };
  let events: IncidentEvent[] = [];
  let effects: Effect[] = [];
  const replies: string[] = [];

  /** A label is a command too: it needs the same access as the command it stands for. */
  const allowed = async (command: string, args = "") =>
    (await authorize(deps.port, config, actor, [{ name: command, args, line: 1 }])).allowed;

  const declare = async (severity: string | null) => {
    const [may, assignable] = await Promise.all([allowed("incident"), deps.port.isAssignable(actor)]);
    if (!may) {
      // Anyone who can open an issue can file the form; only responders declare (and page people).
      replies.push(
        `Thanks for the report. ${displayLogin(actor)} cannot declare incidents in this repository, so nobody was paged. A responder with write access can declare it with \`/incident [sev1-4]\`.`,
      );
      return;
    }
    const decision = decide(
      state,
      { name: "incident", severity, title: null, drill: issue.labels.includes(config.labels.drill) },
      { actor, at: event.at, config, issueTitle: issue.title, commander: assignable ? actor : null },
    );
    if (decision.ok) {
      events = decision.events;
      effects = decision.effects;
    }
  };
  const labelled = () => issue.labels.includes(config.labels.incident);
  const labelSeverity = () =>
    issue.labels.find((l) => l in config.severities) ??
    severityFromIssueBody(issue.body, Object.keys(config.severities));

  switch (event.action) {
    case "opened":
      // Or filed through the form without its label: GitHub drops a label the repository lacks.
      if (state.declared || !(labelled() || isIncidentForm(issue.body, Object.keys(config.severities))))
        break;
      await declare(labelSeverity());
      break;
    case "labeled": {
      const label = event.label ?? "";
      if (label === config.labels.incident && !state.declared) {
        // An issue opened with the label also sends `opened`, which declares it: skip that echo
        // (the label came with the issue when the issue was last updated as it was created).
        if (Date.parse(event.at) - Date.parse(issue.createdAt) < 3_000) break;
        await declare(labelSeverity());
      } else if (state.declared && label in config.severities && label !== state.severity) {
        if (!(await allowed(label))) break;
        const decision = decide(
          state,
          { name: "severity", severity: label },
          { actor, at: event.at, config, issueTitle: issue.title },
        );
        if (decision.ok) ({ events, effects } = decision);
      } else if (state.declared && label.startsWith(config.labels.statusPrefix)) {
        const status = STATUSES.find((s) => label === `${config.labels.statusPrefix}${s}`);
        if (status && status !== state.status && (await allowed("status", status))) {
          events = [{ ...base, type: "status", status, message: null }];
        }
      }
      break;
    }
    case "closed":
      if (!state.declared || state.closed) break;
      if (state.status !== "resolved" && event.issue.stateReason !== "not_planned") {
        // Closing hides an open incident from everyone's lists: reopen it and say what to do instead.
        await deps.port.updateIssue(issue.number, { state: "open", stateReason: "reopened" });
        replies.push(
          `This incident is still **${state.status}**, so Hotwash reopened it. Run \`/resolve [message]\` first, then close it (or close it as *not planned* if it was a false alarm).`,
        );
        break;
      }
      events = [{ ...base, type: "closed" }];
      break;
    case "reopened":
      if (!state.declared || !state.closed) break;
      events = [
        { ...base, type: "reopened" },
        ...(state.status !== "investigating"
          ? [{ ...base, type: "status" as const, status: "investigating" as Status, message: "Reopened" }]
          : []),
      ];
      break;
  }

  if (!events.length && !replies.length && !repaired) return { kind: "ignored", reason: "nothing to record" };
  let next = await prepareDeclaration(deps, withEvents(loaded, events), events, config);
  if (events.length || repaired)
    next = await saveIncident(deps, issue, next, { config, configProblems: problems });
  for (const effect of effects) {
    const outcome = await runEffect(
      deps,
      {
        issue,
        comment: {
          id: 0,
          author: actor,
          authorIsBot: false,
          body: "",
          createdAt: event.at,
          htmlUrl: issue.htmlUrl,
        },
        config,
        state: next.state,
      },
      effect,
    );
    replies.push(...outcome.replies);
  }
  if (replies.length) await deps.port.createComment(issue.number, replies.join("\n\n"));
  return { kind: "done", events };
}
