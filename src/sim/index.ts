/**
 * GitHubSim — a stateful, in-memory GitHub REST simulator for tests, the demo and the benchmark.
 *
 *   const sim = new GitHubSim({ now: () => clock, validate: true });
 *   sim.createRepo("acme/api");
 *   sim.setPermission("acme/api", "alice", "write");
 *   const issue = sim.createIssue("acme/api", { title: "API down", as: "alice" });
 *   await sim.handle({ method: "GET", url: "/repos/acme/api/issues/1", headers: { authorization: "token x" }, body: undefined });
 *
 * Serve it with `startHttpServer(sim)` (also under `/api/v3` for GHES), or in tests through nock
 * with `interceptWithNock` from test/support/sim.ts. With `validate: true` every request and
 * response is checked against GitHub's OpenAPI description; problems land in `sim.violations`.
 */
export { GitHubSim } from "./sim.js";
export { startHttpServer, type SimServer } from "./http-server.js";
export type { RepoOptions, SeedIssue, SeedRun } from "./seed.js";
export type { NewDeploymentStatus } from "./model/deployments.js";
export type {
  RestComment,
  RestCommit,
  RestDeployment,
  RestDeploymentStatus,
  RestIssue,
  RestLabel,
  RestPull,
  RestReaction,
  RestRepository,
  RestUser,
  RestWorkflow,
  RestWorkflowRun,
} from "./rest-types.js";
export type {
  AppInfo,
  FaultSpec,
  Permission,
  ReactionContent,
  RecordedRequest,
  RestObject,
  SimOptions,
  SimRequest,
  SimResponse,
  DeploymentStatusCreated,
  Violation,
  WorkflowDispatch,
} from "./types.js";
