import * as core from "@actions/core";
import { checkSummary } from "../core/postmortem/check.js";
import type { PostmortemCheckOutcome } from "../services/postmortem-check.js";

type Checked = Extract<PostmortemCheckOutcome, { kind: "postmortem-checked" }>;

/**
 * The job is the check too: each finding as a workflow annotation on its lines (shown in the pull
 * request's diff even where the token may not create check runs), and the step fails until ready.
 */
export async function reportPostmortemCheck(outcome: Checked): Promise<void> {
  for (const f of outcome.findings) {
    const where = { file: outcome.path, startLine: f.line, endLine: f.endLine, title: f.title };
    if (f.level === "failure") core.error(f.message, where);
    else core.warning(f.message, where);
  }
  if (outcome.problem) core.warning(outcome.problem);
  await core.summary.addRaw(checkSummary(outcome.path, outcome.findings), true).write();
  if (!outcome.ready) core.setFailed(`The post-mortem ${outcome.path} is not ready to merge yet.`);
}
