/** Types of the REST objects the seeding API returns (GitHub's, via @octokit/rest). */
import type { RestEndpointMethodTypes as M } from "@octokit/rest";

type Data<T extends { response: { data: unknown } }> = T["response"]["data"];

export type RestIssue = Data<M["issues"]["get"]>;
export type RestComment = Data<M["issues"]["getComment"]>;
export type RestLabel = Data<M["issues"]["getLabel"]>;
export type RestReaction = Data<M["reactions"]["createForIssueComment"]>;
export type RestRepository = Data<M["repos"]["get"]>;
export type RestUser = NonNullable<RestIssue["user"]>;
export type RestCommit = Data<M["repos"]["getCommit"]>;
export type RestPull = Data<M["pulls"]["get"]>;
export type RestWorkflow = Data<M["actions"]["getWorkflow"]>;
export type RestWorkflowRun = Data<M["actions"]["getWorkflowRun"]>;
export type RestDeployment = Data<M["repos"]["getDeployment"]>;
export type RestDeploymentStatus = Data<M["repos"]["getDeploymentStatus"]>;

/** Presenters build plain JSON; the simulator validates it against the same description in tests. */
export function typed<T>(obj: Record<string, unknown>): T {
  return obj as unknown as T;
}
