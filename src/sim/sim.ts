/** GitHubSim: serves GitHub REST requests from in-memory state (see seed.ts for the setup API). */
import { DOCS, HttpError } from "./errors.js";
import { faultResponse, Faults } from "./faults.js";
import type { Actor } from "./model/issues.js";
import type { OpenApi } from "./openapi.js";
import { splitPath } from "./route-match.js";
import { findRoute } from "./router.js";
import type { Ctx, Reply } from "./routes/context.js";
import { graphql } from "./routes/graphql.js";
import { SimSeed } from "./seed.js";
import type {
  FaultSpec,
  RecordedRequest,
  SimOptions,
  SimRequest,
  SimResponse,
  DeploymentStatusCreated,
  Violation,
  WorkflowDispatch,
} from "./types.js";

const realSetTimeout = globalThis.setTimeout;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

interface Outcome {
  route: string;
  response: SimResponse;
}

export class GitHubSim extends SimSeed {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  /** Every accepted workflow_dispatch, in order. */
  readonly dispatches: WorkflowDispatch[] = [];
  /** Called for each accepted workflow_dispatch (after its queued run is created). */
  onWorkflowDispatch: ((dispatch: WorkflowDispatch) => void) | undefined;
  /** Called for each deployment status created through the API (build the webhook with `deploymentStatusCreated`). */
  onDeploymentStatus: ((created: DeploymentStatusCreated) => void) | undefined;
  readonly validate: boolean;
  readonly ghesMode: boolean;
  latencyMs: number;
  private readonly faults = new Faults();
  private openApi: OpenApi | undefined;
  private requestSeq = 0;

  constructor(opts: SimOptions = {}) {
    super(opts);
    this.validate = opts.validate ?? false;
    this.ghesMode = opts.ghesMode ?? false;
    this.latencyMs = opts.latencyMs ?? 0;
  }

  /** Make the next matching request(s) fail (500, 502, 403 rate limit, …). */
  failNext(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Number of recorded requests matching method and/or route template. */
  requestCount(filter: { method?: string; route?: string } = {}): number {
    return this.requests.filter(
      (r) =>
        (!filter.method || r.method === filter.method.toUpperCase()) &&
        (!filter.route || r.route === filter.route),
    ).length;
  }

  async handle(req: SimRequest): Promise<SimResponse> {
    const start = performance.now();
    const method = req.method.toUpperCase();
    if (this.validate && !this.openApi) this.openApi = (await import("./openapi.js")).openApi();
    const { route, response } = this.serve(method, req);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    this.requests.push({ method, route, status: response.status, ms: performance.now() - start });
    return response;
  }

  private violation(method: string, url: string, route: string, message: string): SimResponse {
    this.violations.push({ method, url, route, message });
    return this.json(400, { message: `GitHubSim: ${message}`, documentation_url: DOCS });
  }

  private json(status: number, body: unknown, extra: Record<string, string> = {}): SimResponse {
    this.requestSeq += 1;
    const reset = Math.floor(this.st.now().getTime() / 1000) + 3600;
    const headers: Record<string, string> = {
      "x-github-request-id": `SIM:${this.requestSeq}`,
      "x-github-api-version-selected": "2022-11-28",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(5000 - (this.requestSeq % 5000)),
      "x-ratelimit-used": String(this.requestSeq % 5000),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-resource": "core",
      ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
      ...extra,
    };
    return { status, headers, body };
  }

  private actorOf(authorization: string): Actor {
    const token = authorization.replace(/^(token|bearer)\s+/i, "").trim();
    const login = this.st.tokens.get(token) ?? this.st.botLogin;
    return { login, viaApp: login === this.st.botLogin };
  }

  private serve(method: string, req: SimRequest): Outcome {
    const url = new URL(req.url, "http://sim.invalid");
    let path = url.pathname;
    let prefix = "";
    if (path === "/api/v3" || path.startsWith("/api/v3/")) {
      prefix = "/api/v3";
      path = path.slice(prefix.length) || "/";
    }
    if (path === "/api/graphql") path = "/graphql";
    const auth = req.headers["authorization"] ?? req.headers["Authorization"];

    if (path === "/graphql" && method === "POST") {
      if (!auth) return { route: "/graphql", response: this.unauthorized() };
      const fault = this.faults.take(method, "/graphql");
      if (fault) return { route: "/graphql", response: faultResponse(fault, this.st.now()) };
      // GraphQL is not part of the REST description; the simulator knows one query shape.
      const reply = graphql(this.st, req.body, this.actorOf(auth).login);
      if (!reply) {
        this.violations.push({
          method,
          url: req.url,
          route: "/graphql",
          message: "GraphQL query not implemented",
        });
        return {
          route: "/graphql",
          response: this.json(200, { data: null, errors: [{ message: "not simulated" }] }),
        };
      }
      return { route: "/graphql", response: this.json(reply.status, reply.body) };
    }

    const parts = splitPath(path);
    const lookup = method === "HEAD" ? "GET" : method;
    const match = findRoute(lookup, parts);
    if (!match) {
      const known = this.openApi?.findTemplate(parts);
      const route = known?.template ?? path;
      const message = !known
        ? this.openApi
          ? `${method} ${path} is not in GitHub's OpenAPI description`
          : `not implemented by the simulator: ${method} ${path}`
        : known.methods.includes(lookup)
          ? `not implemented by the simulator: ${method} ${route}`
          : `${method} is not documented for ${route}`;
      this.violations.push({ method, url: req.url, route, message });
      return {
        route,
        response: this.json(404, { message: "Not Found", documentation_url: DOCS, status: "404" }),
      };
    }
    const route = match.route.route;
    if (!auth) return { route, response: this.unauthorized() };

    if (this.openApi) {
      const problems = this.openApi.checkRequest(lookup, route, match.params, url.searchParams, req.body);
      if (problems.length > 0) {
        return { route, response: this.violation(method, req.url, route, `request: ${problems.join("; ")}`) };
      }
    }
    const fault = this.faults.take(method, route);
    if (fault) return { route, response: faultResponse(fault, this.st.now()) };

    const ctx: Ctx = {
      st: this.st,
      hooks: {
        ghesMode: this.ghesMode,
        dispatches: this.dispatches,
        onWorkflowDispatch: this.onWorkflowDispatch,
        onDeploymentStatus: this.onDeploymentStatus,
      },
      method,
      params: match.params,
      query: url.searchParams,
      body: req.body,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
      actor: this.actorOf(auth),
      page: { path: prefix + path, query: url.searchParams, origin: req.origin ?? originOf(req.headers) },
    };
    let reply: Reply;
    try {
      reply = match.route.handler(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        return { route, response: this.violation(method, req.url, route, `simulator error: ${message}`) };
      }
      reply = { status: error.status, body: error.body, headers: error.headers };
    }
    const raw = typeof reply.body === "string";
    if (this.openApi) {
      const problems = this.openApi.checkResponse(lookup, route, reply.status, reply.body, !raw);
      if (problems.length > 0) {
        return {
          route,
          response: this.violation(method, req.url, route, `response: ${problems.join("; ")}`),
        };
      }
    }
    const response = this.json(reply.status, reply.body, reply.headers);
    if (method === "HEAD") response.body = undefined;
    return { route, response };
  }

  private unauthorized(): SimResponse {
    return this.json(401, { message: "Requires authentication", documentation_url: DOCS, status: "401" });
  }
}

function originOf(headers: Record<string, string | undefined>): string {
  const host = headers["host"] ?? headers["Host"];
  if (!host) return "https://api.github.com";
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? `http://${host}` : `https://${host}`;
}
