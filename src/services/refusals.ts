import type { CommentSnapshot } from "./port.js";
import { writtenBy } from "./trust.js";

/**
 * A refusal is part of the record: Hotwash's reply that refuses something carries a hidden marker,
 * and a rebuild of the log honours it, so what was refused stays refused even if the person is
 * given access later.
 */

export type Refusal =
  /** A command comment refused for lack of access. */
  | { comment: number }
  /** A declaration by label or issue form refused for lack of access. */
  | { declarer: string };

const MARKER = /<!-- hotwash:refused (comment:(\d+)|declare:([A-Za-z0-9][A-Za-z0-9_.-]*(?:\[bot\])?)) -->/g;

/** The hidden marker a refusing reply carries (invisible on GitHub). */
export function refusalMarker(refusal: Refusal): string {
  return "comment" in refusal
    ? `<!-- hotwash:refused comment:${refusal.comment} -->`
    : `<!-- hotwash:refused declare:${refusal.declarer} -->`;
}

export interface Refusals {
  /** Command comments refused. */
  comments: Set<number>;
  /** Declarations refused: by login (lower case), the times of the refusing replies. */
  declarations: Map<string, string[]>;
}

/** The refusals recorded in Hotwash's own replies among `comments` (a reply someone edited says nothing). */
export function readRefusals(comments: readonly CommentSnapshot[], self: string | null): Refusals {
  const refusals: Refusals = { comments: new Set(), declarations: new Map() };
  for (const comment of comments) {
    if (!writtenBy(self, comment) || comment.edited || !comment.body.includes("<!-- hotwash:refused "))
      continue;
    for (const match of comment.body.matchAll(MARKER)) {
      if (match[2]) refusals.comments.add(Number(match[2]));
      if (match[3]) {
        const login = match[3].toLowerCase();
        refusals.declarations.set(login, [...(refusals.declarations.get(login) ?? []), comment.createdAt]);
      }
    }
  }
  return refusals;
}

/** A declaration made at `at` by `login` was refused (a refusing reply came at or after it). */
export function declarationRefused(refusals: Refusals, login: string, at: string): boolean {
  const times = refusals.declarations.get(login.toLowerCase()) ?? [];
  return times.some((time) => Date.parse(time) >= Date.parse(at));
}
