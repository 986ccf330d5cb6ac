/** Public types of the GitHub simulator. */

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

/** A REST object as GitHub returns it (JSON). */
export type RestObject = Record<string, unknown>;

export interface SimRequest {
  method: string;
  /** Path and query, e.g. `/repos/o/r/issues?page=2`; a leading `/api/v3` (GHES) is stripped. */
  url: string;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** Origin the client used (e.g. `https://api.github.com`); used for `Link` headers. */
  origin?: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  route: string;
  status: number;
  ms?: number;
}

export interface Violation {
  method: string;
  url: string;
  route: string;
  message: string;
}

export interface FaultSpec {
  method?: string;
  /** OpenAPI path template (exact) or a RegExp tested against it. */
  route?: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Adds primary rate-limit headers (`x-ratelimit-remaining: 0`, `x-ratelimit-reset`) and message. */
  rateLimit?: boolean;
}

export interface WorkflowDispatch {
  repo: string;
  workflowPath: string;
  ref: string;
  inputs: Record<string, unknown>;
  actor: string;
  /** The run the dispatch created (status `queued`), as a REST object. */
  run: RestObject;
  runId: number;
}

/** A deployment status created through the REST API: what GitHub then delivers as `deployment_status`. */
export interface DeploymentStatusCreated {
  repo: string;
  /** The deployment and the new status, as REST objects. */
  deployment: RestObject;
  status: RestObject;
}

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  installationId: number;
  /** Further installations of the app (on other accounts, as far as the App can tell): same bot, every repository. */
  moreInstallationIds?: number[];
  /** Repositories the main installation was given (`owner/name`); every repository when absent. */
  repositories?: string[];
}

export interface SimOptions {
  /** Clock for every timestamp the simulator writes. */
  now?: () => Date;
  /** Validate requests and responses against GitHub's OpenAPI description (needs devDependencies). */
  validate?: boolean;
  /** Delay each response by this many milliseconds (real timers). */
  latencyMs?: number;
  /** Behave like GitHub Enterprise Server 3.19 where it differs (workflow dispatch). */
  ghesMode?: boolean;
  /** The GitHub App the simulator serves (installation tokens act as `<slug>[bot]`). */
  app?: Partial<AppInfo>;
  /** Base of `url` fields in REST objects. */
  apiUrl?: string;
  /** Base of `html_url` fields. */
  webUrl?: string;
}
