import type { ServiceDeps } from "./deps.js";
import type { ReactionContent } from "./port.js";
import { replyBody } from "./replies.js";

/**
 * Reacting to and replying on a comment as far as GitHub lets us: a reaction or reply that fails is
 * logged, never thrown, so the other one is still tried and the handler always returns.
 */

/** The reaction is new (or could not be added: then a reply is still owed); false for a redelivery. */
export async function reactQuietly(
  deps: ServiceDeps,
  commentId: number,
  content: ReactionContent,
): Promise<boolean> {
  try {
    return await deps.port.react(commentId, content);
  } catch (error) {
    deps.log?.warn("could not react to the comment", { comment: commentId, content, error: String(error) });
    return true;
  }
}

export async function replyQuietly(deps: ServiceDeps, issueNumber: number, body: string): Promise<void> {
  try {
    await deps.port.createComment(issueNumber, body);
  } catch (error) {
    deps.log?.warn("could not post the reply", { issue: issueNumber, error: String(error) });
  }
}

/** The reaction, then (unless it was already there: a redelivery) the reply naming the comment. */
export async function answerComment(
  deps: ServiceDeps,
  comment: { issue: number; id: number },
  reaction: ReactionContent,
  sections: readonly string[],
): Promise<void> {
  if (await reactQuietly(deps, comment.id, reaction))
    await replyQuietly(deps, comment.issue, replyBody(comment.id, sections));
}
