import {
  checkPostmortem,
  checkSummary,
  checkTitle,
  isReady,
  type CheckFinding,
} from "../core/postmortem/check.js";
import { incidentOfBranch, incidentPostmortemPath } from "../core/postmortem/path.js";
import type { ServiceDeps } from "./deps.js";
import { findIncident } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import { GitHubError } from "./port.js";
import { loadTemplate } from "./postmortem.js";

/** The check's name: what branch protection lists under required checks. */
export const POSTMORTEM_CHECK_NAME = "Hotwash post-mortem";

interface WebhookPull {
  number: number;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  base: { ref: string };
}

export type PostmortemCheckOutcome =
  | { kind: "ignored"; reason: string }
  | {
      kind: "postmortem-checked";
      incident: number;
      path: string;
      ready: boolean;
      findings: CheckFinding[];
      /** The check run, or null when GitHub refused it (`problem` says why). */
      checkRun: { id: number; htmlUrl: string | null } | null;
      problem: string | null;
    };

const CHECKED_ACTIONS = new Set(["opened", "synchronize", "reopened"]);

/**
 * Every push to a `hotwash/postmortem-<N>` pull request: read the post-mortem at the pushed
 * commit, check it, and report on that commit as a check run that fails until the document is
 * ready (so branch protection can require it), annotating the lines to fix. Only reads the
 * incident: nothing is written but the check run.
 */
export async function handlePostmortemCheck(
  deps: ServiceDeps,
  payload: { action?: string; pull_request?: unknown },
): Promise<PostmortemCheckOutcome> {
  const pull = payload.pull_request as WebhookPull | undefined;
  if (!CHECKED_ACTIONS.has(payload.action ?? "") || !pull?.head?.sha) {
    return { kind: "ignored", reason: `pull_request.${payload.action ?? ""} is not checked` };
  }
  const incident = incidentOfBranch(pull.head.ref);
  if (incident === null) return { kind: "ignored", reason: "not a post-mortem branch" };
  const { port } = deps;
  const fullName = `${port.repo.owner}/${port.repo.repo}`.toLowerCase();
  // A fork's branch may share the name; its commits are not ours to check.
  if ((pull.head.repo?.full_name ?? fullName).toLowerCase() !== fullName) {
    return { kind: "ignored", reason: "post-mortem branch from a fork" };
  }

  const issue = await port.getIssue(incident).catch((error: unknown) => {
    if (error instanceof GitHubError && error.kind === "not-found") return null;
    throw error;
  });
  if (!issue) return { kind: "ignored", reason: `#${incident} does not exist` };
  const [{ config }, loaded] = await Promise.all([
    loadConfig(port),
    findIncident(deps, incident, issue.pinnedComment),
  ]);
  const path = incidentPostmortemPath(issue, loaded.state, config.postmortem.directory);
  const [markdown, template] = await Promise.all([
    port.readFile(path, pull.head.sha),
    loadTemplate(deps, config),
  ]);
  const findings: CheckFinding[] =
    markdown === null ? [] : checkPostmortem(markdown, { template: template.text });
  const ready = markdown !== null && isReady(findings);
  const summary =
    markdown === null
      ? `❌ Hotwash found no post-mortem at \`${path}\` on this commit. Put the file back (or run \`/postmortem\` on #${incident} to write it again).`
      : checkSummary(path, findings);

  let checkRun: { id: number; htmlUrl: string | null } | null = null;
  let problem: string | null = null;
  try {
    checkRun = await port.createCheckRun({
      name: POSTMORTEM_CHECK_NAME,
      headSha: pull.head.sha,
      conclusion: ready ? "success" : "failure",
      title: markdown === null ? "Post-mortem not found" : checkTitle(findings),
      summary,
      annotations: findings.map((f) => ({
        path,
        startLine: f.line,
        endLine: f.endLine,
        level: f.level,
        title: f.title,
        message: f.message,
      })),
    });
  } catch (error) {
    // A workflow token without `checks: write`: the Action still reports through annotations.
    if (!(error instanceof GitHubError) || error.kind !== "forbidden") throw error;
    problem = `GitHub refused the check run (${error.message}): grant \`checks: write\`.`;
    deps.log?.warn("could not create the post-mortem check run", { error: error.message });
  }
  if (markdown === null)
    findings.push({
      line: 1,
      endLine: 1,
      level: "failure",
      title: "Post-mortem not found",
      message: `No file at ${path} on this commit.`,
    });
  return { kind: "postmortem-checked", incident, path, ready, findings, checkRun, problem };
}
