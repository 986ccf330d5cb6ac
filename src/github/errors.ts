import { GitHubError } from "../services/port.js";

interface OctokitErrorShape {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** Runs a request, failing with a GitHubError (what ports promise their callers). */
export async function withGitHubErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGitHubError(error);
  }
}

/** Octokit's RequestError (or a network failure) → a GitHubError a reply can explain. */
export function toGitHubError(error: unknown): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as OctokitErrorShape;
  const status = typeof e.status === "number" ? e.status : 0;
  const headers = e.response?.headers ?? {};
  const message = apiMessage(e) ?? (error instanceof Error ? error.message : String(error));
  const remaining = headers["x-ratelimit-remaining"];
  const retryAfter = headers["retry-after"];
  if (
    status === 429 ||
    ((status === 403 || status === 429) && (String(remaining) === "0" || retryAfter !== undefined)) ||
    /rate limit/i.test(message)
  ) {
    return new GitHubError(message, status, "rate-limited", rateLimitEnds(headers, message));
  }
  if (status === 404) return new GitHubError(message, status, "not-found");
  if (status === 401 || status === 403) return new GitHubError(message, status, "forbidden");
  if (status === 422 || status === 400 || status === 409)
    return new GitHubError(message, status, "validation");
  if (status >= 500) return new GitHubError(message, status, "server");
  return new GitHubError(message, status, "network");
}

/**
 * When a rate limit lets go. A secondary limit (too many requests at once) says so in `retry-after`,
 * seconds from the response's `date`, and its `x-ratelimit-reset` is the unrelated primary limit's;
 * without `retry-after`, GitHub asks to wait at least a minute. Rounded up to the minute a reply
 * names, so "until 10:02" is never too early.
 */
function rateLimitEnds(headers: Record<string, string | number | undefined>, message: string): string | null {
  const retryAfter = Number(headers["retry-after"]);
  const secondary = Number.isFinite(retryAfter) || /secondary rate limit/i.test(message);
  if (secondary) {
    const sent = Date.parse(String(headers["date"] ?? ""));
    const from = Number.isNaN(sent) ? Date.now() : sent;
    const until = from + (Number.isFinite(retryAfter) ? Math.max(0, retryAfter) : 60) * 1000;
    return new Date(Math.ceil(until / 60_000) * 60_000).toISOString();
  }
  const reset = headers["x-ratelimit-reset"];
  return reset !== undefined ? new Date(Number(reset) * 1000).toISOString() : null;
}

function apiMessage(e: OctokitErrorShape): string | undefined {
  const data = e.response?.data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return undefined;
}
