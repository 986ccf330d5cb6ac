import Handlebars from "handlebars";
import { formatDuration } from "../config/duration.js";
import { hasOwn, ownValue } from "../config/lookup.js";
import type { HotwashConfig } from "../config/schema.js";
import type { IncidentEvent } from "../incident/events.js";
import { postmortemDueAt } from "../incident/reminders.js";
import type { DispatchInfo, IncidentState } from "../incident/state.js";
import { computeMetrics, type TargetStatus } from "../metrics/metrics.js";
import { displayLogin, quoteText, tableCell } from "../text/markdown.js";
import { buildTimeline, type ActivityItem, type TimelineEntry } from "../timeline/entries.js";
import { formatUtc, markdownLink, renderMermaid, renderTimelineTable } from "../timeline/render.js";
import {
  composeDocument,
  splitDocument,
  type DurationValue,
  type FrontMatterActionItem,
  type PostmortemFrontMatter,
} from "./front-matter.js";

export interface PostmortemInput {
  issueNumber: number;
  /** The incident's html_url. */
  issueUrl: string;
  /** The incident's log (the board's events) and its fold. */
  events: readonly IncidentEvent[];
  state: IncidentState;
  /** Linked pull requests, commits and references from the issue's timeline. */
  activity: readonly ActivityItem[];
  config: HotwashConfig;
  /** `https://github.com/owner/repo`. */
  repoUrl: string;
}

export interface TemplateSource {
  /** Shown in problems: the repository path of an override, or "the default template". */
  name: string;
  text: string;
}

export interface TemplateProblem {
  line: number | null;
  message: string;
}

export type RenderResult =
  | { ok: true; markdown: string; frontMatter: PostmortemFrontMatter; entries: TimelineEntry[] }
  | { ok: false; problem: TemplateProblem };

/** `_TODO(author): …_`: what only the people who were there can write. */
export const TODO_PREFIX = "_TODO(author):";

/**
 * The post-mortem document: the template rendered with what Hotwash knows, behind YAML front
 * matter Hotwash writes itself (the template may add keys of its own; Hotwash's keys win).
 * Deterministic: the same log renders the same bytes, so an unchanged incident is not recommitted.
 */
export function renderPostmortem(input: PostmortemInput, template: TemplateSource): RenderResult {
  const checked = compileTemplate(template.text);
  if (!checked.ok) return checked;
  const context = postmortemContext(input);
  let output: string;
  try {
    output = checked.render(context.data);
  } catch (error) {
    return { ok: false, problem: templateProblem(error, template.text) };
  }
  // A template may carry front matter of its own (extra keys such as `tags:`).
  const split = splitDocument(output);
  if (!split.ok) return { ok: false, problem: { line: null, message: split.problem } };
  const markdown = composeDocument({ ...split.data, ...context.frontMatter }, split.content);
  return { ok: true, markdown, frontMatter: context.frontMatter, entries: context.entries };
}

/** The timeline of the incident as the post-mortem shows it: a table and a Mermaid chart. */
export function renderPostmortemTimeline(
  input: Pick<PostmortemInput, "events" | "state" | "activity" | "config" | "repoUrl">,
  limit?: number,
): { table: string; mermaid: string; entries: TimelineEntry[] } {
  const entries = timelineEntries(input);
  return {
    table: renderTimelineTable(entries, limit === undefined ? {} : { limit }),
    mermaid: renderMermaid(input.state, entries),
    entries,
  };
}

function timelineEntries(
  input: Pick<PostmortemInput, "events" | "state" | "activity" | "config" | "repoUrl">,
): TimelineEntry[] {
  return buildTimeline(input.events, input.activity, {
    repoUrl: input.repoUrl,
    severities: input.config.severities,
    // A log with unreadable pages has unknown positions: its corrections can't find their entries.
    ...(input.events.length === input.state.logLength ? { firstIndex: 0 } : {}),
  });
}

// ---- template ------------------------------------------------------------------------------

const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  /** `{{todo "what to write"}}` → `_TODO(author): what to write_` */
  todo: (text: unknown) => `${TODO_PREFIX} ${typeof text === "string" ? text : "fill this in"}_`,
  /** `{{default value "fallback"}}` */
  default: (value: unknown, fallback: unknown) =>
    value === null || value === undefined || value === "" ? fallback : value,
};
const BUILT_IN = new Set([
  "if",
  "unless",
  "each",
  "with",
  "lookup",
  "log",
  "blockHelperMissing",
  "helperMissing",
]);

type Compiled = { ok: true; render: (data: object) => string } | { ok: false; problem: TemplateProblem };

/**
 * Parse and check a template before rendering anything: syntax errors and unknown helpers or
 * partials are reported with their line, so a broken repository template gets a useful reply.
 * Output is not HTML-escaped (it is markdown); the data is made markdown-safe beforehand.
 */
export function compileTemplate(text: string): Compiled {
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) hb.registerHelper(name, helper);
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(text);
  } catch (error) {
    return { ok: false, problem: templateProblem(error, text) };
  }
  const unknown = findUnsupported(ast);
  if (unknown) return { ok: false, problem: unknown };
  const template = hb.compile(text, { noEscape: true, strict: false, knownHelpersOnly: false });
  return { ok: true, render: (data) => template(data, { allowProtoPropertiesByDefault: false }) };
}

/** Partials and helpers Hotwash does not provide would fail at render time without a line. */
function findUnsupported(program: hbs.AST.Program): TemplateProblem | null {
  for (const node of walk(program)) {
    const line = node.loc?.start.line ?? null;
    if (node.type === "PartialStatement" || node.type === "PartialBlockStatement") {
      return { line, message: "partials (`{{> name}}`) are not supported in post-mortem templates." };
    }
    if (node.type === "DecoratorBlock" || node.type === "Decorator") {
      return { line, message: "decorators are not supported in post-mortem templates." };
    }
    if (
      node.type === "MustacheStatement" ||
      node.type === "BlockStatement" ||
      node.type === "SubExpression"
    ) {
      const call = node as hbs.AST.MustacheStatement;
      const path = call.path as hbs.AST.PathExpression;
      const isCall = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
      if (path.type === "PathExpression" && isCall && path.parts.length === 1 && !path.data) {
        const name = path.original;
        if (!BUILT_IN.has(name) && !hasOwn(HELPERS, name)) {
          return {
            line,
            message: `unknown helper \`${quoteText(name)}\`; the helpers are ${[...BUILT_IN]
              .slice(0, 6)
              .concat(Object.keys(HELPERS))
              .map((h) => `\`${h}\``)
              .join(", ")}.`,
          };
        }
      }
    }
  }
  return null;
}

function* walk(node: unknown): Generator<hbs.AST.Node> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.type === "string") yield node as hbs.AST.Node;
  for (const [key, value] of Object.entries(record)) {
    if (key !== "loc" && typeof value === "object") yield* walk(value);
  }
}

function templateProblem(error: unknown, text: string): TemplateProblem {
  const e = error as { message?: string; lineNumber?: number };
  const message = String(e.message ?? error);
  const parse = /^Parse error on line (\d+):\n[\s\S]*?\n-*\^\n([\s\S]*)$/.exec(message);
  if (parse?.[1]) {
    const line = Number(parse[1]);
    const source = text.split(/\r?\n/)[line - 1]?.trim() ?? "";
    const expected = (parse[2] ?? "").replace(/\s+/g, " ").trim();
    return {
      line,
      message: `syntax error near \`${quoteText(source.slice(0, 80)).replace(/`/g, "'")}\` (${quoteText(expected)}).`,
    };
  }
  // Block mismatches ("each doesn't match if - 3:3") carry the line; other errors may not.
  const line = typeof e.lineNumber === "number" ? e.lineNumber : null;
  return { line, message: quoteText(message.split("\n")[0] ?? message) };
}

/** "`.github/hotwash/postmortem.md` line 12: syntax error near …" */
export function describeTemplateProblem(name: string, problem: TemplateProblem): string {
  return `${name}${problem.line === null ? "" : ` line ${problem.line}`}: ${problem.message}`;
}

// ---- data ----------------------------------------------------------------------------------

interface Context {
  frontMatter: PostmortemFrontMatter;
  data: Record<string, unknown>;
  entries: TimelineEntry[];
}

/** Everything a template can use; every string is already safe markdown (mentions defanged). */
export function postmortemContext(input: PostmortemInput): Context {
  const { state, config } = input;
  const severity = state.severity ? (ownValue(config.severities, state.severity) ?? null) : null;
  // Reached milestones only: nothing in the document depends on when it is rendered.
  const metrics = computeMetrics(state, severity, new Date(0));
  const entries = timelineEntries(input);
  const services = [...new Set(state.dispatches.map((d) => d.service))];
  const due = postmortemDueAt(state, config);
  const actionItems: FrontMatterActionItem[] = state.actionItems.map((item) => ({
    title: item.title,
    owner: item.owner,
    due: item.due,
    priority: item.priority,
    issue: item.issue,
  }));

  const frontMatter: PostmortemFrontMatter = {
    incident: input.issueNumber,
    title: state.title,
    url: input.issueUrl,
    severity: state.severity,
    severity_name: severity?.name ?? null,
    drill: state.drill,
    status: state.status,
    milestones: {
      declared: state.milestones.declaredAt,
      acknowledged: state.milestones.acknowledgedAt,
      mitigated: state.milestones.mitigatedAt,
      resolved: state.milestones.resolvedAt,
    },
    metrics: { mtta: duration(metrics.mtta), mttm: duration(metrics.mttm), mttr: duration(metrics.mttr) },
    commander: state.commander,
    participants: [...state.participants],
    services,
    postmortem_due: due,
    action_items: actionItems,
  };

  const issueBase = input.repoUrl.replace(/\/+$/, "");
  const data = {
    incident: {
      number: input.issueNumber,
      url: input.issueUrl,
      link: `[#${input.issueNumber}](${input.issueUrl})`,
      title: quoteText(state.title.replace(/\s+/g, " ").trim()) || "Untitled incident",
      severity: state.severity,
      severityName: severity?.name ? quoteText(severity.name) : null,
      severityLabel: state.severity
        ? `${state.severity.toUpperCase()}${severity?.name ? ` (${quoteText(severity.name)})` : ""}`
        : "unset",
      drill: state.drill,
      status: state.status,
      commander: state.commander ? displayLogin(state.commander) : null,
      participants: state.participants.map(displayLogin).join(", "),
      roles: Object.entries(state.roles).map(([role, user]) => ({ role, user: displayLogin(user) })),
      services: services.map((s) => `\`${s}\``).join(", "),
    },
    milestones: {
      declared: utc(state.milestones.declaredAt),
      acknowledged: utc(state.milestones.acknowledgedAt),
      mitigated: utc(state.milestones.mitigatedAt),
      resolved: utc(state.milestones.resolvedAt),
    },
    metrics: {
      mtta: frontMatter.metrics.mtta?.human ?? null,
      mttm: frontMatter.metrics.mttm?.human ?? null,
      mttr: frontMatter.metrics.mttr?.human ?? null,
      acknowledgeTarget: targetText(metrics.acknowledge),
      resolveTarget: targetText(metrics.resolve),
    },
    resolved: state.milestones.resolvedAt !== null,
    postmortemDue: utc(due),
    statusMessage: state.statusMessage
      ? {
          text: quoteText(state.statusMessage.text)
            .split(/\r?\n/)
            .map((line) => `> ${line}`)
            .join("\n"),
          actor: displayLogin(state.statusMessage.actor),
          at: utc(state.statusMessage.at),
        }
      : null,
    timeline: renderTimelineTable(entries),
    timelineCount: entries.length,
    mermaid: renderMermaid(state, entries),
    dispatches: state.dispatches.map(dispatchData),
    actionItems: actionItems.map((item) => ({
      title: tableCell(item.title),
      owner: item.owner ? tableCell(displayLogin(item.owner)) : "_unassigned_",
      due: item.due ?? "—",
      priority: item.priority,
      issue:
        item.issue === null
          ? "_opened on merge_"
          : (markdownLink(`${issueBase}/issues/${item.issue}`) ?? `#${item.issue}`),
    })),
  };
  return { frontMatter, data, entries };
}

function dispatchData(d: DispatchInfo): Record<string, unknown> {
  const outcome = d.conclusion ?? (d.runId === null ? "requested" : "running");
  return {
    command: d.command,
    service: d.service,
    ref: d.ref ? `\`${d.ref}\`` : null,
    at: utc(d.at),
    actor: displayLogin(d.actor),
    outcome,
    link: d.runUrl ? markdownLink(d.runUrl) : null,
  };
}

function duration(ms: number | null): DurationValue | null {
  return ms === null ? null : { human: formatDuration(ms), minutes: Math.round(ms / 60_000) };
}

function targetText(target: TargetStatus): string | null {
  if (target.target === null) return null;
  const goal = formatDuration(target.target);
  if (!target.at) return `target ${goal}, not reached`;
  return `target ${goal}, ${target.state === "met" ? "met" : "missed"}`;
}

function utc(iso: string | null): string | null {
  return iso ? `${formatUtc(iso)} UTC` : null;
}
