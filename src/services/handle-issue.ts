import { STATUSES, type Status } from "../core/config/schema.js";
import { decide, type Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { isIncidentForm, servicesFromIssueBody, severityFromIssueBody } from "../core/incident/issue-form.js";
import { handleActionItemIssueEvent } from "./action-items.js";
import type { ServiceDeps } from "./deps.js";
import { runEffect } from "./effects.js";
import {
  findIncident,
  repairIfNeeded,
  saveIncident,
  withEvents,
  type LoadedIncident,
} from "./incident-store.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import { authorize } from "./authorize.js";
import { codeSpan, displayLogin } from "../core/text/markdown.js";
import { DEFAULT_CONFIG } from "../core/config/parse.js";
import type { HotwashConfig } from "../core/config/schema.js";
import { hasOwn } from "../core/config/lookup.js";
import { replyQuietly } from "./answer.js";
import { explainFailure } from "./replies.js";
import { failedStep, step } from "./steps.js";
import { prepareDeclaration } from "./declaration.js";
import type { IssueSnapshot } from "./port.js";
import { refusalMarker } from "./refusals.js";

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

export type IssueOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "done"; events: IncidentEvent[] }
  | { kind: "failed"; error: string };

/** Labels and open/closed changes made by people, folded into the incident's log. */
export async function handleIssueEvent(deps: ServiceDeps, event: IssueEvent): Promise<IssueOutcome> {
  // Until the config is read, the defaults say whether a failure concerns Hotwash at all.
  let config = DEFAULT_CONFIG;
  try {
    // Action items (label + marker) closing or reopening are recorded on their incident instead.
    const actionItem = await handleActionItemIssueEvent(deps, event);
    if (actionItem) return actionItem;
    // Hotwash's own label and state changes come back as webhooks: they are already in the log.
    if (event.sender.isBot) return { kind: "ignored", reason: "change made by a bot" };
    const [configRead, boardRead] = await Promise.allSettled([
      step("Reading `.github/hotwash.yml`", loadConfig(deps.port)),
      step("Reading the incident's board", findIncident(deps, event.issue.number, event.issue.pinnedComment)),
    ]);
    if (configRead.status === "rejected") throw configRead.reason;
    config = configRead.value.config;
    if (boardRead.status === "rejected") throw boardRead.reason;
    return await record(deps, event, configRead.value, boardRead.value);
  } catch (error) {
    const { what, cause } = failedStep(error, "Updating the incident");
    const text = explainFailure(cause, what, retryAdvice(event, config));
    deps.log?.warn("issue event failed", { issue: event.issue.number, error: String(cause) });
    // Someone labelled, filed or closed an incident and sees nothing happen: say why.
    if (visibleToHotwash(event, config)) await replyQuietly(deps, event.issue.number, text);
    return { kind: "failed", error: text };
  }
}

/** A person's change Hotwash would act on (and so would be expected to answer). */
function visibleToHotwash(event: IssueEvent, config: HotwashConfig): boolean {
  if (event.sender.isBot) return false;
  const { incident, statusPrefix } = config.labels;
  const labelled = event.issue.labels.includes(incident);
  if (event.action === "opened")
    return labelled || isIncidentForm(event.issue.body, Object.keys(config.severities));
  if (event.action !== "labeled") return labelled;
  const label = event.label ?? "";
  if (label === incident) return !openingEcho(event);
  return labelled && (hasOwn(config.severities, label) || label.startsWith(statusPrefix));
}

/**
 * An issue opened with the label also sends `labeled`; `opened` declares it, so this echo is
 * skipped (the label came with the issue when the issue was last updated as it was created).
 */
function openingEcho(event: IssueEvent): boolean {
  return Date.parse(event.at) - Date.parse(event.issue.createdAt) < 3_000;
}

/** How to make Hotwash try again: repeat what the person did. */
function retryAdvice(event: IssueEvent, config: HotwashConfig): string {
  const incident = codeSpan(config.labels.incident);
  switch (event.action) {
    case "opened":
      return `comment \`/incident\` (or remove the ${incident} label and add it again)`;
    case "labeled":
      return `remove the ${codeSpan(event.label ?? "")} label and add it again`;
    case "closed":
      return "reopen the issue and close it again";
    case "reopened":
      return "close the issue and reopen it again";
  }
}

async function record(
  deps: ServiceDeps,
  event: IssueEvent,
  { config, problems }: LoadedConfig,
  found: LoadedIncident,
): Promise<IssueOutcome> {
  const { issue } = event;
  const actor = event.sender.login;
  // On open or label, a missing board means "not declared yet", not a lost log.
  const declaring = event.action === "opened" || event.action === "labeled";
  const loaded =
    declaring && !found.unreadable
      ? found
      : await step(
          "Rebuilding the incident's log from its comments",
          repairIfNeeded(deps, found, issue, config),
        );
  const repaired = loaded !== found;
  const state = loaded.state;
  const base = { at: event.at, actor };
  let events: IncidentEvent[] = [];
  let effects: Effect[] = [];
  const replies: string[] = [];

  /** A label is a command too: it needs the same access as the command it stands for. */
  const allowed = async (command: string, args = "") =>
    (
      await step(
        `Checking ${displayLogin(actor)}'s access to this repository`,
        authorize(deps.port, config, actor, [{ name: command, args, line: 1 }]),
      )
    ).allowed;

  const declare = async (severity: string | null) => {
    const [may, assignable] = await Promise.all([
      allowed("incident"),
      step("Checking who can be assigned", deps.port.isAssignable(actor)),
    ]);
    if (!may) {
      // Anyone who can open an issue can file the form; only responders declare (and page people).
      replies.push(
        `Thanks for the report. ${displayLogin(actor)} cannot declare incidents in this repository, so nobody was paged. A responder with write access can declare it with \`/incident [sev1-4]\`.${refusalMarker({ declarer: actor })}`,
      );
      return;
    }
    // The form's "Affected services", known before deciding so the escalation pages their owners too.
    const services = servicesFromIssueBody(issue.body, Object.keys(config.services));
    const decision = decide(
      { ...state, services },
      { name: "incident", severity, title: null, drill: issue.labels.includes(config.labels.drill) },
      { actor, at: event.at, config, issueTitle: issue.title, commander: assignable ? actor : null },
    );
    if (decision.ok) {
      const declared = decision.events.some((e) => e.type === "declared");
      events = [
        ...decision.events,
        ...(declared && services.length ? [{ ...base, type: "services" as const, services }] : []),
      ];
      effects = decision.effects;
    }
  };
  const labelled = () => issue.labels.includes(config.labels.incident);
  const labelSeverity = () =>
    issue.labels.find((l) => hasOwn(config.severities, l)) ??
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
        if (openingEcho(event)) break;
        await declare(labelSeverity());
      } else if (state.declared && hasOwn(config.severities, label) && label !== state.severity) {
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
        await step(
          "Reopening the incident",
          deps.port.updateIssue(issue.number, { state: "open", stateReason: "reopened" }),
        );
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
  // Recorded by now: a reply GitHub refuses is logged, not answered with "add the label again".
  if (replies.length) await replyQuietly(deps, issue.number, replies.join("\n\n"));
  return { kind: "done", events };
}
