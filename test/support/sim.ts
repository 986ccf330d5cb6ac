/**
 * Test helpers around the GitHub simulator: create a validating sim, route Octokit's requests to it
 * through nock (or a loopback HTTP server), and check after each test that nothing violated
 * GitHub's OpenAPI description.
 */
import nock from "nock";
import { GitHubSim, type SimOptions, type SimServer, startHttpServer } from "../../src/sim/index.js";

const active = new Set<GitHubSim>();
const servers = new Set<SimServer>();

/** A simulator that validates against the OpenAPI description; checked for violations after the test. */
export function createSim(opts: SimOptions = {}): GitHubSim {
  const sim = new GitHubSim({ validate: true, ...opts });
  active.add(sim);
  return sim;
}

/** Sims created by `createSim` during the current test. */
export function activeSims(): GitHubSim[] {
  return [...active];
}

export function formatViolations(sim: GitHubSim): string {
  return sim.violations.map((v) => `  ${v.method} ${v.url} (${v.route}): ${v.message}`).join("\n");
}

export function assertNoViolations(sim: GitHubSim): void {
  if (sim.violations.length > 0) {
    throw new Error(
      `GitHub simulator recorded ${sim.violations.length} violation(s):\n${formatViolations(sim)}`,
    );
  }
}

/** Called from test/setup.ts after each test: closes servers, forgets sims, throws on violations. */
export async function finishSimTest(): Promise<void> {
  const sims = [...active];
  active.clear();
  const open = [...servers];
  servers.clear();
  await Promise.all(open.map((s) => s.close()));
  const bad = sims.filter((s) => s.violations.length > 0);
  if (bad.length > 0) {
    throw new Error(
      `GitHub simulator recorded violations (requests or responses outside GitHub's OpenAPI description):\n${bad
        .map(formatViolations)
        .join("\n")}`,
    );
  }
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string" || body === "") return body === "" ? undefined : body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * Route every request to `baseUrl`'s origin through nock into `sim.handle` (persisting).
 * Works for `https://api.github.com` and GHES-style `https://ghe.example/api/v3` base URLs.
 */
export function interceptWithNock(sim: GitHubSim, baseUrl = "https://api.github.com"): nock.Scope {
  const origin = new URL(baseUrl).origin;
  const scope = nock(origin).persist();
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]) {
    scope
      .intercept(() => true, method)
      .reply(async function (uri, body) {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(this.req.headers)) headers[k.toLowerCase()] = String(v);
        const out = await sim.handle({ method, url: uri, headers, body: parseBody(body), origin });
        const payload =
          out.body === undefined ? "" : typeof out.body === "string" ? out.body : JSON.stringify(out.body);
        return [out.status, payload, out.headers];
      });
  }
  return scope;
}

/** Serve the sim on 127.0.0.1 (closed after the test). `url` is the api.github.com-style base URL. */
export async function serveSim(sim: GitHubSim): Promise<SimServer & { gheUrl: string; host: string }> {
  const server = await startHttpServer(sim);
  servers.add(server);
  return { ...server, gheUrl: `${server.url}/api/v3`, host: new URL(server.url).host };
}
