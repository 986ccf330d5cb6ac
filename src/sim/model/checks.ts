/** Check runs: created and updated by the App (or a workflow's token), annotations appended. */
import { githubError, notFound } from "../errors.js";
import type { CheckAnnotationRec, CheckRunRec, RepoRec, SimState } from "../state.js";
import { isRecord } from "../util.js";

export interface CheckRunChange {
  name?: string;
  status?: CheckRunRec["status"];
  conclusion?: string;
  detailsUrl?: string;
  externalId?: string;
  output?: Record<string, unknown>;
}

export function createCheckRun(
  st: SimState,
  repo: RepoRec,
  spec: CheckRunChange & { name: string; headSha: string },
): CheckRunRec {
  // GitHub wants a commit the repository has (a full sha, not a branch name).
  if (!repo.commits.has(spec.headSha.toLowerCase()))
    throw githubError(422, "No commit found for SHA: " + spec.headSha);
  const run: CheckRunRec = {
    id: st.nextId(),
    name: spec.name,
    headSha: spec.headSha.toLowerCase(),
    status: "queued",
    conclusion: null,
    startedAt: st.nowIso(),
    completedAt: null,
    title: null,
    summary: null,
    text: null,
    detailsUrl: null,
    externalId: "",
    annotations: [],
  };
  applyChange(st, run, spec);
  repo.checkRuns.push(run);
  return run;
}

export function checkRunOr404(repo: RepoRec, id: number): CheckRunRec {
  const run = repo.checkRuns.find((r) => r.id === id);
  if (!run) throw notFound();
  return run;
}

/** A conclusion completes the run; annotations are appended to those already there, as GitHub does. */
export function applyChange(st: SimState, run: CheckRunRec, change: CheckRunChange): void {
  if (change.name !== undefined) run.name = change.name;
  if (change.detailsUrl !== undefined) run.detailsUrl = change.detailsUrl;
  if (change.externalId !== undefined) run.externalId = change.externalId;
  if (change.status !== undefined) run.status = change.status;
  if (change.conclusion !== undefined) {
    run.conclusion = change.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (run.conclusion === null)
      throw githubError(
        422,
        'Invalid request.\n\nNo subschema in "anyOf" matched.\n"conclusion" wasn\'t supplied.',
      );
    run.completedAt ??= st.nowIso();
  }
  const output = change.output;
  if (!output) return;
  if (typeof output["title"] === "string") run.title = output["title"];
  if (typeof output["summary"] === "string") run.summary = output["summary"];
  if (typeof output["text"] === "string") run.text = output["text"];
  const annotations = output["annotations"];
  if (Array.isArray(annotations)) run.annotations.push(...annotations.map(annotation));
}

function annotation(value: unknown): CheckAnnotationRec {
  if (!isRecord(value)) throw githubError(422, "Invalid request.\n\nFor 'items', value is not an object.");
  const level = value["annotation_level"];
  return {
    path: String(value["path"]),
    startLine: Number(value["start_line"]),
    endLine: Number(value["end_line"]),
    level: level === "notice" || level === "warning" ? level : "failure",
    message: String(value["message"]),
    title: typeof value["title"] === "string" ? value["title"] : null,
    rawDetails: typeof value["raw_details"] === "string" ? value["raw_details"] : null,
  };
}
