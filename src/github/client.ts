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
  });
}
