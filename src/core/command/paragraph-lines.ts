import MarkdownIt from "markdown-it";
import blockquote from "markdown-it/lib/rules_block/blockquote.mjs";
import lheading from "markdown-it/lib/rules_block/lheading.mjs";
import paragraph from "markdown-it/lib/rules_block/paragraph.mjs";
import reference from "markdown-it/lib/rules_block/reference.mjs";
import StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import Token, { type Nesting } from "markdown-it/lib/token.mjs";

const LINE_START = "hotwash_line_start";
const SLASH_LINE = /^[ \t]*\//m;
const SLASH = 0x2f;
const BACKTICK = 0x60;

/**
 * 0-based indices of the lines of `body` that lie in a top-level paragraph (CommonMark + GFM
 * tables, HTML on, as GitHub renders a comment) and start, as the paragraph's own plain text, with
 * `/`: not in a code span, inline HTML, emphasis or a link that began on an earlier line.
 */
export function slashLineStarts(body: string): number[] {
  const md = markdown();
  const env = {};
  const tokens: Token[] = [];
  // What markdown-it's own normalize step does; line numbers are unchanged.
  md.block.parse(body.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD"), md, env, tokens);
  const starts: number[] = [];
  for (const [i, open] of tokens.entries()) {
    const inline = tokens[i + 1];
    if (open.type !== "paragraph_open" || open.level !== 0 || !inline?.map) continue;
    if (!SLASH_LINE.test(inline.content)) continue;
    const children: Token[] = [];
    md.inline.parse(inline.content, md, env, children);
    let depth = 0;
    let line = 0;
    let counted = 0;
    for (const [k, child] of children.entries()) {
      if (child.type === LINE_START && depth === 0 && children[k + 1]?.type === "text") {
        const pos = child.meta as number;
        if (pos < counted) [line, counted] = [0, 0];
        line += countNewlines(inline.content, counted, pos);
        counted = pos;
        starts.push(inline.map[0] + line);
      }
      depth += child.nesting;
    }
  }
  return starts;
}

let parser: MarkdownIt | undefined;

function markdown(): MarkdownIt {
  if (parser) return parser;
  parser = new MarkdownIt({ html: true });
  parser.block.State = TopLevelParagraphs;
  parser.block.ruler.at("reference", definitionsThenParagraph);
  parser.block.ruler.at("blockquote", quoteMarkersWithinThreeSpaces, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
  parser.inline.ruler.at("backticks", codeSpan);
  parser.inline.ruler.before("html_inline", "hotwash_html_special", htmlSpecial);
  // Inline rules run at each token boundary; a line's first character is one only when the line
  // break before it was a soft or hard break, not inside a code span, HTML or an autolink.
  parser.inline.ruler.before("text", LINE_START, (state: StateInline, silent: boolean) => {
    if (!silent && state.src.charCodeAt(state.pos) === SLASH && atLineStart(state.src, state.pos)) {
      state.push(LINE_START, "", 0).meta = state.pos;
    }
    return false;
  });
  return parser;
}

/**
 * Keeps only top-level paragraph tokens: every other block token is dropped as it is made (65 KB
 * of table rows would otherwise be tens of thousands of objects). Levels are still counted, and
 * the one rule that reads tokens back (tight lists) finds none to mark.
 */
class TopLevelParagraphs extends StateBlock {
  private inParagraph = false;
  private readonly scratch = new Token("", "", 0);

  override push(type: string, tag: string, nesting: Nesting): Token {
    const keep = this.level === 0 ? type === "paragraph_open" : this.inParagraph && this.level === 1;
    if (!keep) {
      this.level += nesting;
      return this.scratch;
    }
    if (nesting !== 0) this.inParagraph = nesting > 0;
    return super.push(type, tag, nesting);
  }
}

/**
 * CommonMark reads link reference definitions off the start of a paragraph, and the lines after
 * them stay that paragraph: lazy after a list item or quote, never indented code. markdown-it ends
 * the block after the definitions, so `- [a]: /x` + `/sev1` would put `/sev1` at the top level.
 */
function definitionsThenParagraph(state: StateBlock, start: number, end: number, silent: boolean): boolean {
  if (!reference(state, start, end, silent)) return false;
  if (silent) return true;
  // The paragraph goes on: more definitions, then its other lines (a heading if underlined).
  for (;;) {
    const line = state.line;
    if (line >= end || state.isEmpty(line)) return true;
    const indent = state.sCount[line] ?? 0;
    const lazy = indent - state.blkIndent > 3 || indent < 0;
    if (!lazy && interruptsParagraph(state, line, end)) return true;
    // Inside a paragraph a line's own indentation does not count.
    state.sCount[line] = Math.min(indent, state.blkIndent);
    try {
      if (reference(state, line, end, false)) continue;
      if (!lheading(state, line, end, false)) paragraph(state, line, end, false);
      return true;
    } finally {
      state.sCount[line] = indent;
    }
  }
}

function interruptsParagraph(state: StateBlock, line: number, end: number): boolean {
  const parentType = state.parentType;
  state.parentType = "paragraph";
  try {
    return state.md.block.ruler.getRules("paragraph").some((rule) => rule(state, line, end, true));
  } finally {
    state.parentType = parentType;
  }
}

/**
 * A `>` indented 4+ columns does not continue a quote in CommonMark (it is lazy paragraph text, or
 * code once the quote ends); markdown-it takes it as one. Such lines are shown to its quote rule
 * with their first character at a space instead of the `>`, for this call only.
 */
function quoteMarkersWithinThreeSpaces(
  state: StateBlock,
  start: number,
  end: number,
  silent: boolean,
): boolean {
  if (silent) return blockquote(state, start, end, silent);
  const moved: number[] = [];
  // A quote ends at the first blank line, so the lines to look at end there too.
  for (let line = start + 1; line < end && !state.isEmpty(line); line++) {
    const first = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
    if ((state.sCount[line] ?? 0) - state.blkIndent >= 4 && state.src.charCodeAt(first) === 0x3e) {
      moved.push(line);
      state.tShift[line] = (state.tShift[line] ?? 0) - 1;
    }
  }
  try {
    return blockquote(state, start, end, silent);
  } finally {
    for (const line of moved) state.tShift[line] = (state.tShift[line] ?? 0) + 1;
  }
}

const lastRuns = new WeakMap<StateInline, Map<number, number>>();

/**
 * markdown-it 14's code span rule, as fixed in 15 (markdown-it issue 1201): 14 caches "no closer"
 * during a link label's look-ahead and then misses a valid span, which would expose hidden lines.
 * A span opened by N backticks closes at the next run of exactly N, if there is one after it.
 */
function codeSpan(state: StateInline, silent: boolean): boolean {
  const { src, posMax: max } = state;
  const start = state.pos;
  if (src.charCodeAt(start) !== BACKTICK) return false;
  let pos = start + 1;
  while (pos < max && src.charCodeAt(pos) === BACKTICK) pos++;
  const marker = src.slice(start, pos);
  let runs = lastRuns.get(state);
  if (!runs) lastRuns.set(state, (runs = lastRunStarts(src)));
  if ((runs.get(marker.length) ?? -1) >= pos) {
    for (let open = src.indexOf("`", pos); open !== -1 && open < max; open = src.indexOf("`", open)) {
      let end = open + 1;
      while (src.charCodeAt(end) === BACKTICK) end++;
      if (end > max) break;
      if (end - open === marker.length) {
        if (!silent) {
          const token = state.push("code_inline", "code", 0);
          token.markup = marker;
          token.content = src.slice(pos, open).replace(/\n/g, " ");
        }
        state.pos = end;
        return true;
      }
      open = end;
    }
  }
  if (!silent) state.pending += marker;
  state.pos = pos;
  return true;
}

const terminators = new WeakMap<StateInline, Map<string, { from: number; at: number }>>();

/**
 * Comments, `<?…?>`, CDATA and declarations, matched before markdown-it's own rule: after one
 * unclosed construct that rule treats every later one in the paragraph as text (to stay linear),
 * so `<? <!--` + a hidden line + `-->` would run what GitHub hides. This looks each terminator up
 * once per stretch of text instead, and otherwise matches as markdown-it does.
 */
function htmlSpecial(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x3c || pos + 2 >= state.posMax) return false;
  let start: number;
  let terminator: string;
  if (src.startsWith("<!--", pos)) {
    if (src.startsWith(">", pos + 4)) return matchedHtml(state, silent, pos + 5);
    if (src.startsWith("->", pos + 4)) return matchedHtml(state, silent, pos + 6);
    [start, terminator] = [pos + 4, "-->"];
  } else if (src.startsWith("<![CDATA[", pos)) {
    [start, terminator] = [pos + 9, "]]>"];
  } else if (src.charCodeAt(pos + 1) === 0x3f) {
    [start, terminator] = [pos + 2, "?>"];
  } else if (src.charCodeAt(pos + 1) === 0x21 && /[A-Za-z]/.test(src.charAt(pos + 2))) {
    [start, terminator] = [pos + 3, ">"];
  } else {
    return false;
  }
  let seen = terminators.get(state);
  if (!seen) terminators.set(state, (seen = new Map()));
  let next = seen.get(terminator);
  if (!next || start < next.from || (next.at !== -1 && next.at < start)) {
    next = { from: start, at: src.indexOf(terminator, start) };
    seen.set(terminator, next);
  }
  if (next.at === -1) {
    // Unclosed: the `<` is text, as when no rule matches it.
    if (!silent) state.pending += "<";
    state.pos = pos + 1;
    return true;
  }
  return matchedHtml(state, silent, next.at + terminator.length);
}

function matchedHtml(state: StateInline, silent: boolean, end: number): boolean {
  if (!silent) state.push("html_inline", "", 0).content = state.src.slice(state.pos, end);
  state.pos = end;
  return true;
}

/** Run length → where the last run of backticks of that length starts. */
function lastRunStarts(src: string): Map<number, number> {
  const runs = new Map<number, number>();
  for (let pos = src.indexOf("`"); pos !== -1; pos = src.indexOf("`", pos)) {
    const start = pos;
    while (src.charCodeAt(++pos) === BACKTICK);
    runs.set(pos - start, start);
  }
  return runs;
}

function atLineStart(src: string, pos: number): boolean {
  let i = pos;
  while (i > 0 && (src[i - 1] === " " || src[i - 1] === "\t")) i--;
  return i === 0 || src[i - 1] === "\n";
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
