import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { OctokitClient } from "./octokit-port.js";

/**
 * The App's Octokit plugins (Probot's ProbotOctokit uses the same two): writes spaced as GitHub
 * asks, server errors and network failures retried, rate limits waited out.
 */
const RestClient = Octokit.plugin(throttling, retry);

/**
 * A run waits at most this long for a rate limit to pass, and retries a request at most this many
 * times: a workflow step (or a person at a terminal) should fail with "try again at HH:MM" rather
 * than sit out an hour-long primary limit.
 */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;
const MAX_RETRIES = 2;

/** A REST client for the Action and the CLI (the App gets Probot's authenticated Octokit). */
export function createRestClient(options: {
  token: string;
  baseUrl?: string;
  userAgent?: string;
}): OctokitClient {
  const waitOut =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _: unknown, retryCount: number) => {
      const retrying = retryCount < MAX_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      console.warn(
        `GitHub's ${kind} rate limit hit on ${request.method} ${request.url}: ${retrying ? `retrying in ${retryAfter}s` : `not retrying (GitHub asks to wait ${retryAfter}s)`}.`,
      );
      return retrying;
    };
  return new RestClient({
    auth: options.token,
    baseUrl: options.baseUrl ?? "https://api.github.com",
    userAgent: options.userAgent ?? "hotwash",
    // 5xx and network failures: after 1 s, then after 4 s (the plugin's quadratic backoff).
    retry: { retries: MAX_RETRIES },
    throttle: { onRateLimit: waitOut("primary"), onSecondaryRateLimit: waitOut("secondary") },
    // Failures reach people as explained GitHubErrors; Octokit's own request log (e.g. the expected
    // 404 for a repository without .github/hotwash.yml) would only look like errors in a run's log.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
  });
}
