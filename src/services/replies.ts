import { quoteText } from "../core/text/markdown.js";
import { GitHubError } from "./port.js";

/** Every bot reply names the comment it answers: a redelivered webhook can see it was handled. */
export function replyBody(sourceCommentId: number, sections: readonly string[]): string {
  return [`<!-- hotwash:reply ${sourceCommentId} -->`, ...sections.filter(Boolean)].join("\n\n");
}

/** A failure explained in terms of what the responder can do about it. */
export function explainFailure(error: unknown, what: string): string {
  if (error instanceof UserFacingError) return `**${what} failed**: ${error.message}`;
  if (!(error instanceof GitHubError)) {
    return `**${what} failed** because of an internal error: ${quoteText(String((error as Error)?.message ?? error))}. Post the command again; if it keeps failing, check the Hotwash logs.`;
  }
  const detail = quoteText(error.message);
  switch (error.kind) {
    case "rate-limited":
      return `**${what} failed**: GitHub's API rate limit is used up${error.resetAt ? ` until ${error.resetAt.slice(11, 16)} UTC` : ""}. What was recorded before that stays, and labels catch up on the next event; post the command again after that.`;
    case "forbidden":
      return `**${what} failed**: GitHub refused the request (${error.status}: ${detail}). The Hotwash app or workflow token is missing a permission; check the installation's permissions (see app.yml) or the workflow's \`permissions:\`.`;
    case "not-found":
      return `**${what} failed**: GitHub could not find something it needed (${detail}). Check that the workflow file, branch or user exists and that Hotwash can see it.`;
    case "validation":
      return `**${what} failed**: GitHub rejected the request (${error.status}: ${detail}). Check that the people, labels, branches and workflow inputs it names exist and are valid here, then post the command again.`;
    case "server":
      return `**${what} failed**: GitHub had a server error (${error.status}). Post the command again in a minute.`;
    case "network":
      return `**${what} failed**: GitHub could not be reached (${detail}). Post the command again in a minute.`;
  }
}

/** A failure whose message is already written for the responder (what happened, how to fix it). */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}
