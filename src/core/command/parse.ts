import type { HotwashConfig } from "../config/schema.js";
import { slashLineStarts } from "./paragraph-lines.js";
import { BASE_COMMANDS, type NearMiss, type ParsedComment, type RawCommand } from "./types.js";

/** More command lines than this in one comment and none of them run (one comment, bounded work). */
export const MAX_COMMAND_LINES = 10;
/** A line whose text starts with `/` and a name character: the only lines that can be commands. */
const MAYBE_COMMAND = /^[ \t]*\/[A-Za-z0-9-]/m;
/** `/name` followed by whitespace or the end: `/api/v1`, `//x` and `/help,` are not commands. */
const COMMAND_START = /^\/([A-Za-z0-9-]+)(?=\s|$)/;
/** Shorter words (`/it`, `/c`) are too often something else to be worth a "did you mean". */
const NEAR_MISS_MIN_LENGTH = 3;

/** Every name that is a command under this config: the fixed ones plus the severity keys. */
export function commandNames(config: HotwashConfig): string[] {
  return [...new Set<string>([...BASE_COMMANDS, ...Object.keys(config.severities)])];
}

/** Cheap check first: a comment without a line starting `/name` is never parsed as markdown. */
export function mayHaveCommand(body: string): boolean {
  return MAYBE_COMMAND.test(body);
}

/**
 * The command lines of a comment: lines of a top-level paragraph (as GitHub renders it) that
 * start with `/name`, where the line starts as plain text. Code, HTML, quotes (lazy lines
 * included), lists and tables are inert: invisible text must never run a command.
 */
export function parseComment(body: string, knownNames: readonly string[]): ParsedComment {
  const known = new Set(knownNames.map((name) => name.toLowerCase()));
  const commands: RawCommand[] = [];
  const nearMisses: NearMiss[] = [];
  if (!mayHaveCommand(body)) return { commands, nearMisses, overLimit: null };
  const lines = body.split(/\r\n|\r|\n/);
  for (const index of slashLineStarts(body)) {
    const text = (lines[index] ?? "").replace(/^[ \t]+/, "");
    const match = COMMAND_START.exec(text);
    if (!match?.[1]) continue;
    const name = match[1].toLowerCase();
    const line = index + 1;
    if (known.has(name)) {
      commands.push({ name, args: text.slice(match[0].length).trim(), line });
      continue;
    }
    const suggestion = name.length >= NEAR_MISS_MIN_LENGTH ? nearestName(name, [...known]) : null;
    if (suggestion) nearMisses.push({ typed: name, suggestion, line });
  }
  if (commands.length > MAX_COMMAND_LINES) {
    const overLimit = { count: commands.length, lines: commands.slice(0, MAX_COMMAND_LINES + 1) };
    return { commands: [], nearMisses: [], overLimit };
  }
  return { commands, nearMisses, overLimit: null };
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
