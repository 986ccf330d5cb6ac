import { GitHubError } from "../services/port.js";

interface OctokitErrorShape {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** Octokit's RequestError (or a network failure) → a GitHubError a reply can explain. */
export function toGitHubError(error: unknown): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as OctokitErrorShape;
  const status = typeof e.status === "number" ? e.status : 0;
  const headers = e.response?.headers ?? {};
  const message = apiMessage(e) ?? (error instanceof Error ? error.message : String(error));
  const remaining = headers["x-ratelimit-remaining"];
  const reset = headers["x-ratelimit-reset"];
  const resetAt = reset !== undefined ? new Date(Number(reset) * 1000).toISOString() : null;
  if (
    status === 429 ||
    ((status === 403 || status === 429) && String(remaining) === "0") ||
    /rate limit/i.test(message)
  ) {
    return new GitHubError(message, status, "rate-limited", resetAt);
  }
  if (status === 404) return new GitHubError(message, status, "not-found");
  if (status === 401 || status === 403) return new GitHubError(message, status, "forbidden");
  if (status === 422 || status === 400 || status === 409)
    return new GitHubError(message, status, "validation");
  if (status >= 500) return new GitHubError(message, status, "server");
  return new GitHubError(message, status, "network");
}

function apiMessage(e: OctokitErrorShape): string | undefined {
  const data = e.response?.data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return undefined;
}
