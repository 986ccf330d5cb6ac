/** Actions objects: `workflow` and `workflow-run`. */
import { workflowName } from "../model/actions.js";
import type { RepoRec, RunRec, SimState, WorkflowRec } from "../state.js";
import type { RestObject } from "../types.js";
import { encPath, nodeId } from "../util.js";
import { simpleCommit } from "./git.js";
import { repoApi, repoWeb, repository } from "./repos.js";
import { simpleUser } from "./users.js";

export function workflow(st: SimState, repo: RepoRec, w: WorkflowRec): RestObject {
  const file = w.path.split("/").pop() ?? w.path;
  return {
    id: w.id,
    node_id: nodeId("Workflow", w.id),
    name: workflowName(repo, w.path),
    path: w.path,
    state: "active",
    created_at: w.createdAt,
    updated_at: w.createdAt,
    url: `${repoApi(st, repo)}/actions/workflows/${w.id}`,
    html_url: `${repoWeb(st, repo)}/blob/${repo.defaultBranch}/${encPath(w.path)}`,
    badge_url: `${repoWeb(st, repo)}/workflows/${encodeURIComponent(file)}/badge.svg`,
  };
}

export function workflowRun(st: SimState, repo: RepoRec, run: RunRec): RestObject {
  const api = `${repoApi(st, repo)}/actions/runs/${run.id}`;
  const commit = repo.commits.get(run.headSha);
  const repoObj = repository(st, repo);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WorkflowRun", run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflowPath,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.id + 1_000_000,
    check_suite_node_id: nodeId("CheckSuite", run.id + 1_000_000),
    url: api,
    html_url: `${repoWeb(st, repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: simpleUser(st, run.actor),
    triggering_actor: simpleUser(st, run.actor),
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(st, repo)}/check-suites/${run.id + 1_000_000}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApi(st, repo)}/actions/workflows/${run.workflowId}`,
    head_commit: commit ? simpleCommit(commit) : null,
    repository: repoObj,
    head_repository: repoObj,
    head_repository_id: repo.id,
  };
}
