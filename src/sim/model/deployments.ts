/** Deployments and their statuses. */
import type { DeploymentRec, DeploymentStatusRec, RepoRec, SimState } from "../state.js";
import { resolveRef } from "./git.js";

export interface NewDeployment {
  ref: string;
  sha?: string;
  environment?: string;
  task?: string;
  description?: string | null;
  creator: string;
  payload?: Record<string, unknown>;
}

export interface NewDeploymentStatus {
  state: "error" | "failure" | "inactive" | "pending" | "success" | "queued" | "in_progress";
  description?: string;
  environment?: string;
  targetUrl?: string;
  logUrl?: string;
  environmentUrl?: string;
  creator?: string;
}

export function createDeployment(st: SimState, repo: RepoRec, spec: NewDeployment): DeploymentRec {
  const sha = spec.sha ?? resolveRef(repo, spec.ref);
  if (sha === undefined) throw new Error(`GitHubSim: no ref ${spec.ref} in ${repo.fullName}`);
  const environment = spec.environment ?? "production";
  const dep: DeploymentRec = {
    id: st.nextId(),
    sha,
    ref: spec.ref,
    task: spec.task ?? "deploy",
    environment,
    description: spec.description ?? null,
    creator: spec.creator,
    payload: spec.payload ?? {},
    productionEnvironment: environment === "production",
    createdAt: st.nowIso(),
    statuses: [],
  };
  repo.deployments.push(dep);
  return dep;
}

export function addDeploymentStatus(
  st: SimState,
  dep: DeploymentRec,
  spec: NewDeploymentStatus,
): DeploymentStatusRec {
  const status: DeploymentStatusRec = {
    id: st.nextId(),
    state: spec.state,
    description: spec.description ?? "",
    environment: spec.environment ?? dep.environment,
    targetUrl: spec.targetUrl ?? "",
    logUrl: spec.logUrl ?? "",
    environmentUrl: spec.environmentUrl ?? "",
    creator: spec.creator ?? dep.creator,
    createdAt: st.nowIso(),
  };
  dep.statuses.push(status);
  return status;
}
