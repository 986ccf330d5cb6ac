import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { BOARD_MARKER } from "../core/incident/board.js";
import {
  readSignedBoardBlock,
  readSignedLogPage,
  type BoardData,
  type LogPage,
  type SignedBlock,
  type Signer,
} from "../core/incident/log.js";
import type { ServiceDeps } from "./deps.js";
import type { CommentSnapshot } from "./port.js";

export type { Trust } from "./trust-options.js";

/**
 * What Hotwash believes of a comment's hidden data: only what it wrote itself and nobody changed.
 * Authorship is the comment's author (Hotwash's own login; another bot's comment is never its
 * board). Changes are detected by a signature over the data when Hotwash holds a key, else by
 * GitHub's record of who last edited the comment.
 */

export type SealKind = "board" | "page";

/** Signs and checks one issue's hidden data of one kind; null without a key. */
export interface Seal {
  sign: Signer;
  verify(block: SignedBlock<unknown>): boolean;
}

const derived = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    // Whatever the secret is (a random string, the App's PEM), the HMAC key is 32 uniform bytes.
    key = Buffer.from(hkdfSync("sha256", secret, "hotwash", "hotwash hidden data v1", 32));
    derived.set(secret, key);
  }
  return key;
}

/**
 * The data of one issue's board (or pages) is signed for that issue: a block copied from another
 * incident, or a page's block pasted into the board, does not verify.
 */
export function sealFor(deps: ServiceDeps, issueNumber: number, kind: SealKind): Seal | null {
  if (!deps.trust?.signingKey) return null;
  const key = keyOf(deps.trust.signingKey);
  const { owner, repo } = deps.port.repo;
  const scope = `${kind} ${owner}/${repo}#${issueNumber}`.toLowerCase();
  const mac = (payload: string) => createHmac("sha256", key).update(`${scope}\n${payload}`).digest();
  return {
    sign: (payload) => mac(payload).toString("base64url"),
    verify: ({ payload, signature }) => {
      if (!signature) return false;
      const given = Buffer.from(signature, "base64url");
      const expected = mac(payload);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** Written by Hotwash: its own login, or (when the face cannot know it) any bot. */
export function writtenBy(
  self: string | null,
  comment: Pick<CommentSnapshot, "author" | "authorIsBot">,
): boolean {
  return self === null ? comment.authorIsBot : comment.author.toLowerCase() === self.toLowerCase();
}

/**
 * Nobody but its author (Hotwash) edited it: never edited, or last edited by that author. Asked
 * only of a comment read with its editor (`readEdited`): REST's `updated_at` has one-second steps.
 */
function editedOnlyByAuthor(comment: CommentSnapshot): boolean {
  return (
    !comment.edited ||
    (comment.editor != null && comment.editor.toLowerCase() === comment.author.toLowerCase())
  );
}

export type BoardVerdict =
  /** Hotwash's board, its data as Hotwash wrote it (`board` may be a fresher read). */
  | { kind: "trusted"; board: CommentSnapshot; data: BoardData }
  /** Hotwash's board, but its data is missing, unreadable, or changed by someone else. */
  | { kind: "untrusted"; board: CommentSnapshot; why: "unreadable" | "edited" }
  /** Not Hotwash's comment: never read as the board, never edited. */
  | { kind: "foreign" };

/**
 * Whether a board comment's data can be believed: its signature, when Hotwash holds a key and the
 * signature is valid (no request). Otherwise, unless only signatures count, its last editor, read
 * with the body in one GraphQL request, must be Hotwash: a person's edit, even a ticked checkbox,
 * makes unsigned data untrusted, and the log is then rebuilt from the comments.
 */
export async function checkBoard(
  deps: ServiceDeps,
  issueNumber: number,
  board: CommentSnapshot,
): Promise<BoardVerdict> {
  if (!writtenBy(await deps.port.identity(), board)) return { kind: "foreign" };
  const seal = sealFor(deps, issueNumber, "board");
  const read = (c: CommentSnapshot) =>
    c.body.trimStart().startsWith(BOARD_MARKER) ? readSignedBoardBlock(c.body) : null;
  const block = read(board);
  if (seal && block && seal.verify(block)) return { kind: "trusted", board, data: block.value };
  if (seal && deps.trust?.requireSignature)
    return { kind: "untrusted", board, why: block ? "edited" : "unreadable" };

  const current =
    board.editor === undefined && board.nodeId
      ? (await deps.port.readEdited([board.nodeId])).get(board.nodeId)
      : board;
  if (!current || current.editor === undefined || !editedOnlyByAuthor(current)) {
    return { kind: "untrusted", board: current ?? board, why: "edited" };
  }
  const fresh = current === board ? block : read(current);
  if (!fresh) return { kind: "untrusted", board: current, why: "unreadable" };
  return { kind: "trusted", board: current, data: fresh.value };
}

/**
 * The log pages among `comments` that Hotwash wrote and nobody changed (Hotwash never edits one),
 * by comment id: signed ones at no cost; the others, unless only signatures count, by their last
 * editors, read in one GraphQL request per 100 pages.
 */
export async function trustedPages(
  deps: ServiceDeps,
  issueNumber: number,
  comments: readonly CommentSnapshot[],
): Promise<Map<number, LogPage>> {
  const self = await deps.port.identity();
  const seal = sealFor(deps, issueNumber, "page");
  const pages = new Map<number, LogPage>();
  const recheck: string[] = [];
  for (const comment of comments) {
    const block = writtenBy(self, comment) ? readSignedLogPage(comment.body) : null;
    if (!block) continue;
    if (seal?.verify(block)) pages.set(comment.id, block.value);
    else if (seal && deps.trust?.requireSignature) continue;
    else if (comment.editor !== undefined) {
      if (editedOnlyByAuthor(comment)) pages.set(comment.id, block.value);
    } else if (comment.nodeId) recheck.push(comment.nodeId);
  }
  if (recheck.length) {
    for (const comment of (await deps.port.readEdited(recheck)).values()) {
      const block =
        writtenBy(self, comment) && editedOnlyByAuthor(comment) ? readSignedLogPage(comment.body) : null;
      if (block) pages.set(comment.id, block.value);
    }
  }
  return pages;
}
