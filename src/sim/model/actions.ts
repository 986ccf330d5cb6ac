/** GitHub Actions: workflow files, runs and workflow_dispatch. */
import { parse } from "yaml";
import { notFound, unprocessable } from "../errors.js";
import type { RepoRec, RunRec, SimState, WorkflowRec } from "../state.js";
import { isRecord } from "../util.js";
import { branchSha, readFile, resolveRef } from "./git.js";

export const WORKFLOW_DIR = ".github/workflows/";

export interface WorkflowFile {
  name: string | null;
  runName: string | null;
  /** Declared workflow_dispatch inputs, or undefined when the trigger is absent. */
  dispatchInputs: Map<string, { required: boolean; hasDefault: boolean }> | undefined;
}

export function parseWorkflow(text: string): WorkflowFile | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  const on = doc["on"] ?? doc["true"];
  let dispatch: unknown;
  let hasDispatch = false;
  if (on === "workflow_dispatch") hasDispatch = true;
  else if (Array.isArray(on)) hasDispatch = on.includes("workflow_dispatch");
  else if (isRecord(on) && "workflow_dispatch" in on) {
    hasDispatch = true;
    dispatch = on["workflow_dispatch"];
  }
  let inputs: WorkflowFile["dispatchInputs"];
  if (hasDispatch) {
    inputs = new Map();
    const declared = isRecord(dispatch) && isRecord(dispatch["inputs"]) ? dispatch["inputs"] : {};
    for (const [key, spec] of Object.entries(declared)) {
      inputs.set(key, {
        required: isRecord(spec) && spec["required"] === true,
        hasDefault: isRecord(spec) && spec["default"] !== undefined,
      });
    }
  }
  return {
    name: typeof doc["name"] === "string" ? doc["name"] : null,
    runName: typeof doc["run-name"] === "string" ? doc["run-name"] : null,
    dispatchInputs: inputs,
  };
}

export function workflowRec(st: SimState, repo: RepoRec, path: string): WorkflowRec {
  let rec = repo.workflows.get(path);
  if (!rec) {
    rec = { id: st.nextId(), path, createdAt: st.nowIso() };
    repo.workflows.set(path, rec);
  }
  return rec;
}

/** `workflow_id` path parameter: a numeric id or a file name under .github/workflows/. */
export function workflowPathOf(repo: RepoRec, workflowId: string): string | undefined {
  if (/^\d+$/.test(workflowId)) {
    for (const rec of repo.workflows.values()) if (rec.id === Number(workflowId)) return rec.path;
    return undefined;
  }
  return `${WORKFLOW_DIR}${workflowId}`;
}

export function workflowFileAt(
  repo: RepoRec,
  path: string,
  sha: string | undefined,
): WorkflowFile | undefined {
  const content = sha === undefined ? undefined : readFile(repo, sha, path);
  return content === undefined ? undefined : parseWorkflow(content.toString("utf8"));
}

export function workflowName(repo: RepoRec, path: string): string {
  return workflowFileAt(repo, path, branchSha(repo, repo.defaultBranch))?.name ?? path;
}

export interface NewRun {
  workflowPath: string;
  event?: string;
  branch?: string;
  sha?: string;
  actor: string;
  status?: string;
  conclusion?: string | null;
  inputs?: Record<string, unknown>;
  displayTitle?: string;
}

export function createRun(st: SimState, repo: RepoRec, spec: NewRun): RunRec {
  const workflow = workflowRec(st, repo, spec.workflowPath);
  const branch = spec.branch ?? repo.defaultBranch;
  const sha = spec.sha ?? resolveRef(repo, branch) ?? "";
  const now = st.nowIso();
  const name = workflowName(repo, spec.workflowPath);
  const run: RunRec = {
    id: st.nextId(),
    workflowId: workflow.id,
    workflowPath: spec.workflowPath,
    name,
    runNumber: repo.runs.filter((r) => r.workflowId === workflow.id).length + 1,
    runAttempt: 1,
    event: spec.event ?? "workflow_dispatch",
    status: spec.status ?? "queued",
    conclusion: spec.conclusion ?? null,
    headBranch: branch,
    headSha: sha,
    actor: spec.actor,
    displayTitle: spec.displayTitle ?? name,
    inputs: spec.inputs ?? {},
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  };
  repo.runs.push(run);
  return run;
}

export function runOr404(repo: RepoRec, id: number): RunRec {
  const run = repo.runs.find((r) => r.id === id);
  if (!run) throw notFound();
  return run;
}

export interface DispatchRequest {
  workflowId: string;
  ref: string;
  inputs: Record<string, unknown>;
  actor: string;
  ghes: boolean;
  returnRunDetailsPresent: boolean;
}

/** Validate a workflow_dispatch like GitHub and create its (queued) run. */
export function dispatchWorkflow(st: SimState, repo: RepoRec, req: DispatchRequest): RunRec {
  if (req.ghes && req.returnRunDetailsPresent)
    throw unprocessable('"return_run_details" is not a permitted key');
  const path = workflowPathOf(repo, req.workflowId);
  if (path === undefined) throw notFound();
  const sha = resolveRef(repo, req.ref);
  if (sha === undefined) throw unprocessable(`No ref found for: ${req.ref}`);
  const file = workflowFileAt(repo, path, sha);
  if (!file) throw notFound();
  if (!file.dispatchInputs) throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
  const keys = Object.keys(req.inputs);
  const limit = req.ghes ? 10 : 25;
  if (keys.length > limit)
    throw unprocessable(`you may only define up to ${limit} \`inputs\` for a workflow_dispatch event`);
  const unexpected = keys.filter((k) => !file.dispatchInputs?.has(k));
  if (unexpected.length > 0) throw unprocessable(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const [key, spec] of file.dispatchInputs) {
    if (spec.required && !spec.hasDefault && !(key in req.inputs)) {
      throw unprocessable(`Required input '${key}' not provided`);
    }
  }
  const branch = req.ref.replace(/^refs\/(heads|tags)\//, "");
  const title = (file.runName ?? file.name ?? path).replace(
    /\$\{\{\s*(?:github\.event\.)?inputs\.([\w-]+)\s*\}\}/g,
    (_m, key: string) => String(req.inputs[key] ?? ""),
  );
  return createRun(st, repo, {
    workflowPath: path,
    event: "workflow_dispatch",
    branch,
    sha,
    actor: req.actor,
    inputs: req.inputs,
    displayTitle: title,
  });
}
