/** `deployment` and `deployment-status` objects. */
import type { DeploymentRec, DeploymentStatusRec, RepoRec, SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { nodeId } from "../util.js";
import { repoApi, repoWeb } from "./repos.js";
import { simpleUser } from "./users.js";

export function deployment(st: SimState, repo: RepoRec, d: DeploymentRec): RestObject {
  const api = `${repoApi(st, repo)}/deployments/${d.id}`;
  const updated = d.statuses.at(-1)?.createdAt ?? d.createdAt;
  return {
    url: api,
    id: d.id,
    node_id: nodeId("Deployment", d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: { ...d.payload },
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: simpleUser(st, d.creator),
    created_at: d.createdAt,
    updated_at: updated,
    statuses_url: `${api}/statuses`,
    repository_url: repoApi(st, repo),
    transient_environment: false,
    production_environment: d.productionEnvironment,
    performed_via_github_app: null,
  };
}

export function deploymentStatus(
  st: SimState,
  repo: RepoRec,
  d: DeploymentRec,
  s: DeploymentStatusRec,
): RestObject {
  const api = `${repoApi(st, repo)}/deployments/${d.id}`;
  // GitHub answers "" for unset URLs, but the description says format: uri; fall back to a real page.
  const fallback = `${repoWeb(st, repo)}/deployments`;
  return {
    url: `${api}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId("DeploymentStatus", s.id),
    state: s.state,
    creator: simpleUser(st, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl || fallback,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: api,
    repository_url: repoApi(st, repo),
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    log_url: s.logUrl || s.targetUrl || fallback,
    performed_via_github_app: null,
  };
}
