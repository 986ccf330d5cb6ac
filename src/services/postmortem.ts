import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { HotwashConfig } from "../core/config/schema.js";
import { ownValue } from "../core/config/lookup.js";
import type { IncidentEvent } from "../core/incident/events.js";
import { foldIncident, type IncidentState } from "../core/incident/state.js";
import { classifyBranch, generatedCommitMessage } from "../core/postmortem/branch.js";
import type { PostmortemFrontMatter } from "../core/postmortem/front-matter.js";
import { incidentPostmortemPath, postmortemBranch } from "../core/postmortem/path.js";
import {
  describeTemplateProblem,
  renderPostmortem,
  renderPostmortemTimeline,
  type TemplateSource,
} from "../core/postmortem/render.js";
import { isBot } from "../core/incident/state.js";
import { displayLogin, quoteText } from "../core/text/markdown.js";
import { formatUtc } from "../core/timeline/render.js";
import type { ActivityItem } from "../core/timeline/entries.js";
import { describeSync, syncActionItems } from "./action-items.js";
import { loadActivity } from "./activity.js";
import type { ServiceDeps } from "./deps.js";
import type { EffectContext, EffectOutcome } from "./effects.js";
import { emptyBoardData, findIncident, repairIfNeeded, type LoadedIncident } from "./incident-store.js";
import { loadFullLog } from "./log-pages.js";
import type { IssueSnapshot, PullSnapshot } from "./port.js";
import { UserFacingError } from "./replies.js";

/** Marks the comment with the refreshed timeline Hotwash posts on an edited post-mortem. */
export const TIMELINE_COMMENT_MARKER = "<!-- hotwash:postmortem-timeline -->";
const COMMENT_BUDGET = 60_000;

let defaultTemplate: Promise<string> | undefined;

/** `templates/postmortem.md`, shipped with Hotwash (next to `src/`, `dist/` and `action/dist/`). */
export function readDefaultTemplate(): Promise<string> {
  defaultTemplate ??= readFile(new URL("../../templates/postmortem.md", import.meta.url), "utf8");
  return defaultTemplate;
}

/** The repository's own template (`postmortem.template`, default `.github/hotwash/postmortem.md`), else Hotwash's. */
export async function loadTemplate(deps: ServiceDeps, config: HotwashConfig): Promise<TemplateSource> {
  const override = await deps.port.readFile(config.postmortem.template);
  if (override !== null) return { name: `\`${config.postmortem.template}\``, text: override };
  return { name: "Hotwash's default post-mortem template", text: await readDefaultTemplate() };
}

export interface PostmortemDocument {
  markdown: string;
  path: string;
  frontMatter: PostmortemFrontMatter;
  /** Inputs kept for the refreshed-timeline comment. */
  events: readonly IncidentEvent[];
  activity: ActivityItem[];
}

/**
 * Render the post-mortem of an incident from its log and its GitHub activity: the board's log
 * plus the issue's timeline events, never the comments. Shared by `/postmortem` and the CLI.
 * A broken repository template is a UserFacingError naming the line.
 */
export async function buildPostmortem(
  deps: ServiceDeps,
  args: {
    issue: IssueSnapshot;
    config: HotwashConfig;
    events: readonly IncidentEvent[];
    state: IncidentState;
  },
): Promise<PostmortemDocument> {
  const { issue, config, state } = args;
  const [template, activity] = await Promise.all([
    loadTemplate(deps, config),
    loadActivity(deps, issue.number),
  ]);
  const rendered = renderPostmortem(
    {
      issueNumber: issue.number,
      issueUrl: issue.htmlUrl,
      events: args.events,
      state,
      activity,
      config,
      repoUrl: deps.repoUrl,
    },
    template,
  );
  if (!rendered.ok) {
    const fix = template.name.startsWith("`")
      ? ` Fix the template, or delete it to use Hotwash's default.`
      : "";
    throw new UserFacingError(
      `the post-mortem template cannot be rendered: ${describeTemplateProblem(template.name, rendered.problem)}${fix}`,
    );
  }
  return {
    markdown: rendered.markdown,
    path: incidentPostmortemPath(issue, state, config.postmortem.directory),
    frontMatter: rendered.frontMatter,
    events: args.events,
    activity,
  };
}

/** Git's blob id of a text: what GitHub reports for the file, so Hotwash can tell its own bytes. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * `/postmortem`: open the pull request, or bring it up to date while nobody else has written to
 * its branch. Once a person has pushed, the file is theirs: Hotwash posts the refreshed timeline
 * on the pull request instead. After the merge it creates whatever action items are missing.
 */
export async function runPostmortem(deps: ServiceDeps, ctx: EffectContext): Promise<EffectOutcome> {
  const { issue, config, comment } = ctx;
  const { loaded, events, missing } = await currentLog(deps, ctx);
  const state = loaded.state;
  const [document, base] = await Promise.all([
    buildPostmortem(deps, { issue, config, events, state }),
    deps.port.defaultBranch(),
  ]);
  const branch = postmortemBranch(issue.number);
  const [pull, comparison, onBase] = await Promise.all([
    deps.port.findPullByHead(branch),
    deps.port.compareBranch(base, branch),
    deps.port.readFile(document.path, base),
  ]);
  const file = `\`${document.path}\``;
  const replies: string[] = missing ? [missingEntriesText(missing)] : [];
  const unresolved =
    state.status !== "resolved"
      ? "The incident is not resolved yet: run `/postmortem` again after `/resolve` to bring the timeline up to date."
      : null;

  if (pull?.merged) {
    // The document on the base branch is the team's now; only missing action items are Hotwash's job.
    const markdown = onBase ?? (await deps.port.readFile(document.path, pull.base));
    replies.push(
      `📝 The post-mortem was merged in ${pullLink(pull)}; edit ${file} on \`${base}\` to change it.`,
    );
    if (markdown === null) return { events: recordPull(ctx, state, pull, document.path), replies };
    const sync = await syncActionItems(deps, {
      incident: issue,
      loaded,
      config,
      markdown,
      actor: comment.author,
      origin: `the post-mortem in #${pull.number}`,
    });
    if (!sync.ok) {
      replies.push(
        `Its action items cannot be read, so none were created:\n${sync.problems.map((p) => `- ${p}`).join("\n")}`,
      );
      return { events: [], replies };
    }
    replies.push(...describeSync(sync, issue.number));
    return { events: sync.events, replies };
  }
  if (onBase !== null) {
    throw new UserFacingError(
      `${file} already exists on \`${base}\`, and Hotwash never overwrites a post-mortem there. Edit it directly, or set \`postmortem.directory\` to write new ones elsewhere.`,
    );
  }

  const verdict = classifyBranch(comparison, document.path);
  const title = `Post-mortem: ${state.title || issue.title} (#${issue.number})`;
  const body = pullBody(issue, state, config, document);
  if (verdict.kind === "edited") {
    const who = verdict.people.length ? ` (commits by ${verdict.people.map(displayLogin).join(", ")})` : "";
    let target = pull;
    if (pull && pull.state === "closed") {
      throw new UserFacingError(
        `${pullLink(pull)} was closed without merging, and its branch \`${branch}\` has edits by people${who}. Reopen the pull request to carry on, or delete the branch to start a fresh post-mortem.`,
      );
    }
    if (!target) {
      target = await deps.port.openPull({ head: branch, base, title, body });
      replies.push(...(await dressNewPull(deps, target, config, state)));
    }
    await deps.port.createComment(target.number, timelineComment(deps, ctx, loaded, document));
    replies.unshift(
      `📝 People have edited the post-mortem${who}, so Hotwash left ${file} alone and posted the refreshed timeline on ${pullLink(target)}.`,
    );
    if (unresolved) replies.push(unresolved);
    return { events: recordPull(ctx, state, target, document.path), replies };
  }

  const sha = blobSha(document.markdown);
  if (verdict.kind === "generated" && verdict.current === sha && pull?.state === "open") {
    replies.push(`📝 The post-mortem in ${pullLink(pull)} is already up to date.`);
    return { events: recordPull(ctx, state, pull, document.path), replies };
  }
  const open = pull?.state === "open" ? pull : null;
  const result = await deps.port.upsertPull({
    branch,
    base,
    // An open pull request keeps the title and description people may have edited.
    title: open?.title ?? title,
    body: open?.body ?? body,
    files: { [document.path]: document.markdown },
    commitMessage: generatedCommitMessage(issue.number, sha),
    labels: [config.labels.postmortem],
  });
  if (open) {
    replies.push(`📝 Updated the post-mortem in ${pullLink(result)} with the latest timeline.`);
  } else {
    replies.push(`📝 Opened the post-mortem pull request ${pullLink(result)}: ${file}.`);
    replies.push(...(await dressNewPull(deps, result, config, state, false)));
    replies.push(
      "Fill in the `_TODO(author)_` prompts there. Hotwash refreshes the file on `/postmortem` until someone pushes to the branch; when it merges, every action item in its front matter without an `issue` becomes an issue.",
    );
  }
  const due = document.frontMatter.postmortem_due;
  if (due && !open)
    replies.push(
      `Due ${formatUtc(due)} UTC (${state.severity} post-mortems are due ${dueText(config)} after resolution).`,
    );
  if (unresolved) replies.push(unresolved);
  return { events: recordPull(ctx, state, result, document.path), replies };
}

/**
 * The whole log as saved just before this effect, and its exact state: the handler's copy when it
 * is the whole log, else the board and the log pages it names.
 */
async function currentLog(
  deps: ServiceDeps,
  ctx: EffectContext,
): Promise<{ loaded: LoadedIncident; events: readonly IncidentEvent[]; missing: number }> {
  if (ctx.events && ctx.events.length === ctx.state.logLength) {
    const events = [...ctx.events];
    const state = foldIncident(events);
    return { loaded: { board: null, data: { ...emptyBoardData(), events }, state }, events, missing: 0 };
  }
  const found = await findIncident(deps, ctx.issue.number, ctx.issue.pinnedComment);
  const loaded = await repairIfNeeded(deps, found, ctx.issue, ctx.config);
  const log = await loadFullLog(deps, loaded);
  return { loaded: { ...loaded, state: log.state }, events: log.events, missing: log.missing };
}

/** Said with the post-mortem when part of the log could not be read. */
export function missingEntriesText(missing: number): string {
  return `⚠️ ${missing} older ${missing === 1 ? "entry" : "entries"} of the incident's log could not be read (a hidden "Hotwash log" comment was deleted or edited), so the post-mortem's timeline lacks ${missing === 1 ? "it" : "them"}.`;
}

/** Labels (when not added already) and the commander as reviewer; never fails the command. */
async function dressNewPull(
  deps: ServiceDeps,
  pull: PullSnapshot,
  config: HotwashConfig,
  state: IncidentState,
  label = true,
): Promise<string[]> {
  const notes: string[] = [];
  if (label) {
    await deps.port.addLabels(pull.number, [config.labels.postmortem]).catch((error: unknown) => {
      deps.log?.warn("could not label the post-mortem", { pull: pull.number, error: String(error) });
    });
  }
  const commander = state.commander;
  if (!commander || isBot(commander) || commander.toLowerCase() === pull.author.toLowerCase()) return notes;
  try {
    await deps.port.requestReviewers(pull.number, [commander]);
    notes.push(`Review requested from the commander, ${displayLogin(commander)}.`);
  } catch (error) {
    deps.log?.warn("could not request a review", { pull: pull.number, error: String(error) });
    notes.push(
      `Hotwash could not request a review from ${displayLogin(commander)} (${quoteText(String((error as Error)?.message ?? error))}); ask for one on the pull request.`,
    );
  }
  return notes;
}

function recordPull(
  ctx: EffectContext,
  state: IncidentState,
  pull: PullSnapshot,
  path: string,
): IncidentEvent[] {
  const known = state.postmortem;
  if (known && known.pullNumber === pull.number && known.path === path) return [];
  return [
    {
      type: "postmortem",
      at: ctx.comment.createdAt,
      actor: ctx.comment.author,
      ...(ctx.comment.id ? { source: ctx.comment.id } : {}),
      pullNumber: pull.number,
      url: pull.htmlUrl,
      path,
    },
  ];
}

function pullLink(pull: PullSnapshot): string {
  return `[#${pull.number}](${pull.htmlUrl})`;
}

function dueText(config: HotwashConfig): string {
  const hours = config.postmortem.dueWithin / 3_600_000;
  return Number.isInteger(hours) ? `${hours}h` : `${Math.round(config.postmortem.dueWithin / 60_000)}m`;
}

function pullBody(
  issue: IssueSnapshot,
  state: IncidentState,
  config: HotwashConfig,
  document: PostmortemDocument,
): string {
  const severity = state.severity ? ownValue(config.severities, state.severity) : undefined;
  const due = document.frontMatter.postmortem_due;
  return [
    `Post-mortem for #${issue.number}: ${quoteText(state.title || issue.title)}.`,
    "",
    `- Severity: ${state.severity ?? "unset"}${severity ? ` (${quoteText(severity.name)})` : ""} · status ${state.status}`,
    `- File: \`${document.path}\``,
    ...(due ? [`- Due: ${formatUtc(due)} UTC`] : []),
    "",
    "Fill in every `_TODO(author)_` prompt. Hotwash rewrites this file on `/postmortem` until someone pushes a commit to this branch; after that it never touches the file again and posts the refreshed timeline here as a comment instead.",
    "",
    `When this pull request merges, every entry in the front matter's \`action_items\` without an \`issue\` becomes an issue (label \`${config.labels.actionItem}\`, assigned to its owner) tracked as a sub-issue of #${issue.number}.`,
  ].join("\n");
}

/** The refreshed timeline for people who own the document now; as many recent rows as fit. */
function timelineComment(
  deps: ServiceDeps,
  ctx: EffectContext,
  loaded: LoadedIncident,
  document: PostmortemDocument,
): string {
  const input = {
    events: document.events,
    state: loaded.state,
    activity: document.activity,
    config: ctx.config,
    repoUrl: deps.repoUrl,
  };
  const full = renderPostmortemTimeline(input);
  const compose = (table: string, shown: number) =>
    [
      TIMELINE_COMMENT_MARKER,
      `### 🕒 Refreshed timeline of #${ctx.issue.number}`,
      `People have edited this post-mortem, so Hotwash no longer rewrites \`${document.path}\`. Here is the incident's timeline as of now${shown < full.entries.length ? ` (the latest ${shown} of ${full.entries.length} entries)` : ""}; copy what you need into the document.`,
      table,
      full.mermaid,
    ]
      .filter(Boolean)
      .join("\n\n");
  let body = compose(full.table, full.entries.length);
  for (let limit = full.entries.length; body.length > COMMENT_BUDGET && limit > 1;) {
    limit = Math.floor(limit * 0.8);
    body = compose(renderPostmortemTimeline(input, limit).table, limit);
  }
  return body;
}
