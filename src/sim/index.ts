export { GitHubSim } from "./sim.js";
export { startHttpServer, type SimServer } from "./http-server.js";
export type { RepoOptions, SeedIssue, SeedRun } from "./seed.js";
export type { NewDeploymentStatus } from "./model/deployments.js";
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
  Violation,
  WorkflowDispatch,
} from "./types.js";
