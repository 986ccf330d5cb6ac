import type { HotwashConfig } from "../config/schema.js";
import { BASE_COMMANDS, type NearMiss, type ParsedComment, type RawCommand } from "./types.js";

/**
 * `/name` at the start of a line (up to 3 spaces: 4 would be an indented code block), where name is
 * letters, digits and hyphens followed by whitespace or the end: `/api/v1`, `//x` and URLs are not.
 */
const COMMAND_LINE = /^ {0,3}\/([A-Za-z0-9-]+)(?:\s+(.*))?$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTED = /^\s*>/;
/** An HTML block comment (CommonMark type 2): from a line starting `<!--` to a line with `-->`. */
const HTML_COMMENT_OPEN = /^ {0,3}<!--/;
/** Shorter words (`/it`, `/c`) are too often something else to be worth a "did you mean". */
const NEAR_MISS_MIN_LENGTH = 3;

/** Every name that is a command under this config: the fixed ones plus the severity keys. */
export function commandNames(config: HotwashConfig): string[] {
  return [...new Set<string>([...BASE_COMMANDS, ...Object.keys(config.severities)])];
}

export function parseComment(body: string, knownNames: readonly string[]): ParsedComment {
  const known = new Set(knownNames.map((name) => name.toLowerCase()));
  const commands: RawCommand[] = [];
  const nearMisses: NearMiss[] = [];
  for (const { text, line } of liveLines(body)) {
    const match = COMMAND_LINE.exec(text);
    if (!match) continue;
    const name = (match[1] ?? "").toLowerCase();
    if (known.has(name)) {
      commands.push({ name, args: (match[2] ?? "").trim(), line });
      continue;
    }
    const suggestion = name.length >= NEAR_MISS_MIN_LENGTH ? nearestName(name, [...known]) : null;
    if (suggestion) nearMisses.push({ typed: name, suggestion, line });
  }
  return { commands, nearMisses };
}

/**
 * Lines a reader sees as plain text: not inside a fenced code block, not quoted and not inside an
 * HTML comment (invisible text must never run a command the reader cannot see).
 */
function* liveLines(body: string): Generator<{ text: string; line: number }> {
  let fence: { char: string; length: number } | null = null;
  let inHtmlComment = false;
  const lines = body.split(/\r\n|\r|\n/);
  for (const [index, text] of lines.entries()) {
    if (fence) {
      if (closesFence(text, fence)) fence = null;
      continue;
    }
    if (inHtmlComment) {
      if (text.includes("-->")) inHtmlComment = false;
      continue;
    }
    if (QUOTED.test(text)) continue;
    const open = FENCE_OPEN.exec(text);
    // A backtick fence's info string may not contain backticks (CommonMark), else it is inline code.
    if (open?.[1] && !(open[1].startsWith("`") && open[2]?.includes("`"))) {
      fence = { char: open[1].charAt(0), length: open[1].length };
      continue;
    }
    if (HTML_COMMENT_OPEN.test(text)) {
      inHtmlComment = !text.includes("-->", text.indexOf("<!--") + 4);
      continue;
    }
    yield { text, line: index + 1 };
  }
}

function closesFence(text: string, fence: { char: string; length: number }): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(text);
  return !!match?.[1] && match[1].charAt(0) === fence.char && match[1].length >= fence.length;
}

/** The first of `names` one edit away from `word` (see `isOneEditAway`), or null. */
export function nearestName(word: string, names: readonly string[]): string | null {
  return names.find((name) => isOneEditAway(word, name)) ?? null;
}

/**
 * Damerau-Levenshtein distance exactly 1: one insertion, deletion, substitution or swap of two
 * adjacent characters (`stauts` → `status`).
 */
export function isOneEditAway(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (a.length !== b.length) {
    const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
    return longer.slice(start + 1) === shorter.slice(start);
  }
  if (a.slice(start + 1) === b.slice(start + 1)) return true;
  return a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2);
}
