import { quoteText } from "../core/text/markdown.js";
import { GitHubError } from "./port.js";

/** Every bot reply names the comment it answers: a redelivered webhook can see it was handled. */
export function replyBody(sourceCommentId: number, sections: readonly string[]): string {
  return [`<!-- hotwash:reply ${sourceCommentId} -->`, ...sections.filter(Boolean)].join("\n\n");
}

/**
 * A failure explained in terms of what the responder can do about it. Only a failure that may pass
 * (GitHub's 5xx, a rate limit, the network) says to post the command again; a permanent one says
 * what is wrong and how to fix it, since the same command would fail the same way. `retry` is
 * what to do again, for failures that are not a command's (a label: add it again).
 */
export function explainFailure(error: unknown, what: string, retry = "post the command again"): string {
  if (error instanceof UserFacingError) return `**${what} failed**: ${error.message}`;
  if (!(error instanceof GitHubError)) return explainInternal(error, what, retry);
  const detail = quoteText(error.message);
  switch (error.kind) {
    case "rate-limited":
      return `**${what} failed**: GitHub's API rate limit is used up${error.resetAt ? ` until ${error.resetAt.slice(11, 16)} UTC` : ""}. What was recorded before that stays, and labels catch up on the next event; ${retry} after that.`;
    case "forbidden":
      return `**${what} failed**: GitHub refused the request (${error.status}: ${detail}). The Hotwash app or workflow token is missing a permission; check the installation's permissions (see app.yml) or the workflow's \`permissions:\`.`;
    case "not-found":
      return `**${what} failed**: GitHub could not find something it needed (${detail}). Check that the workflow file, branch or user exists and that Hotwash can see it.`;
    case "validation":
      return `**${what} failed**: GitHub rejected the request (${error.status}: ${detail}). Check that the people, labels, branches and workflow inputs it names exist and are valid in this repository, and correct the command.`;
    case "server":
      return `**${what} failed**: GitHub had a server error (${error.status}). ${capitalized(retry)} in a minute.`;
    case "network":
      return `**${what} failed**: GitHub could not be reached (${detail}). ${capitalized(retry)} in a minute.`;
  }
}

/** System errors that mean the connection dropped, not that anything is wrong with the request. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

/** An error that is not GitHub's: a dropped connection, a file Hotwash ships missing, or a bug. */
function explainInternal(error: unknown, what: string, retry: string): string {
  const { code, path, message } = (error ?? {}) as { code?: unknown; path?: unknown; message?: unknown };
  const text = quoteText(String(typeof message === "string" ? message : error));
  if (typeof code === "string" && TRANSIENT_CODES.has(code))
    return `**${what} failed**: GitHub could not be reached (${text}). ${capitalized(retry)} in a minute.`;
  if (code === "ENOENT" || code === "EACCES") {
    const file = typeof path === "string" ? `\`${path.replace(/`/g, "'")}\`` : "a file";
    return `**${what} failed**: Hotwash could not read ${file}, a file it ships with (${text}). The installation is incomplete: update or reinstall Hotwash (the Action from a released tag, the App from a fresh build), and report it if a clean install does the same.`;
  }
  return `**${what} failed** because of a bug in Hotwash: ${text}. The same command would fail the same way; report it with the log of this run (the workflow run's log for the Action, the server log for the App).`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A failure whose message is already written for the responder (what happened, how to fix it). */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}
