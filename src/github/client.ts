import { Octokit } from "@octokit/rest";
import type { OctokitClient } from "./octokit-port.js";

/** A REST client for the Action and the CLI (the App gets Probot's authenticated Octokit). */
export function createRestClient(options: {
  token: string;
  baseUrl?: string;
  userAgent?: string;
}): OctokitClient {
  return new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? "https://api.github.com",
    userAgent: options.userAgent ?? "hotwash",
    // Failures reach people as explained GitHubErrors; Octokit's own request log (e.g. the expected
    // 404 for a repository without .github/hotwash.yml) would only look like errors in a run's log.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
  });
}
