/**
 * parseComment against commonmark.js, the CommonMark reference implementation: generated comments
 * mix every construct that can hide a line, with `/name` lines everywhere. Each `/` line carries a
 * unique marker (`q7q`) so a command can be traced to its source line in both parsers.
 * PARSE_RUNS=100000 runs more comments than the default.
 */
import { Parser, type Node } from "commonmark";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandNames, MAX_COMMAND_LINES, parseComment } from "../../src/core/command/parse.js";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";

const NAMES = commandNames(DEFAULT_CONFIG);
const MARK = "§";
const NUM_RUNS = Number(process.env.PARSE_RUNS ?? 5000);

// --- inline pieces ----------------------------------------------------------------------------

const word = fc.constantFrom("the", "api", "is", "down", "see", "logs", "a/b", "x_y", "10:02", "ok");
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));
/** A `/…` start: known commands, an unknown word, a near miss, a path, a name glued to the marker. */
const slash = fc.constantFrom(
  "/sev1 ",
  "/note ",
  "/help ",
  "/STATUS ",
  "/deploy ",
  "/stauts ",
  "/api/v1 ",
  "/sev2",
);
const commandText = fc.tuple(slash, words).map(([s, w]) => `${s}${MARK} ${w}`);
/** Something that opens on one line and may close on a later one, hiding what is between. */
const opener = fc.constantFrom(
  "`",
  "``",
  "<!--",
  '<span title="',
  "<b ",
  "*",
  "_",
  "**",
  "[",
  "![",
  "<http://x",
  "&",
  "<pre>",
  "<?",
  "<![CDATA[",
  "<x-tag>",
);
const closer = fc.constantFrom(
  "`",
  "``",
  "-->",
  '">',
  ">",
  "*",
  "_",
  "**",
  "](http://u)",
  "]",
  ";",
  "?>",
  "]]>",
  "</pre>",
);
const inline = fc.oneof(
  { weight: 4, arbitrary: words },
  { weight: 4, arbitrary: commandText },
  { weight: 3, arbitrary: fc.tuple(words, opener, words).map(([a, o, b]) => `${a} ${o}${b}`) },
  { weight: 3, arbitrary: fc.tuple(words, closer, words).map(([a, c, b]) => `${a}${c} ${b}`) },
  { weight: 2, arbitrary: fc.tuple(closer, commandText).map(([c, t]) => `${c}${t}`) },
  // At a line's start these may open an HTML block, which can interrupt a paragraph.
  { weight: 2, arbitrary: fc.tuple(opener, words).map(([o, w]) => `${o}${w}`) },
  { weight: 1, arbitrary: commandText.map((t) => `\\${t}`) },
  { weight: 1, arbitrary: commandText.map((t) => `${t}  `) }, // hard break after it
  { weight: 1, arbitrary: words.map((w) => `${w}\\`) }, // backslash hard break
  { weight: 1, arbitrary: words.map((w) => `<!-- ${w} -->`) },
);
const indent = fc.constantFrom("", "", "", " ", "   ", "    ", "\t", "  \t");

// --- blocks -----------------------------------------------------------------------------------

const paragraph = fc
  .array(fc.tuple(indent, inline), { minLength: 1, maxLength: 4 })
  .map((lines) => lines.map(([i, t], n) => (n === 0 ? t : `${i}${t}`)).join("\n"));
const fenceChar = fc.constantFrom("```", "~~~", "````");
const fence = fc
  .tuple(fenceChar, fc.constantFrom("", "   ", "bash"), fc.array(inline, { maxLength: 3 }), fc.boolean())
  .map(([f, info, body, closed]) => [`${f}${info}`, ...body, ...(closed ? [f] : [])].join("\n"));
const indentedCode = fc
  .array(inline, { minLength: 1, maxLength: 3 })
  .chain((lines) =>
    fc.constantFrom("    ", "\t", "      ").map((i) => lines.map((l) => `${i}${l}`).join("\n")),
  );
const htmlBlock = fc
  .tuple(
    fc.constantFrom(
      ["<pre>", "</pre>"],
      ["<!--", "-->"],
      ["<div>", "</div>"],
      ["<details>", "</details>"],
      ["<textarea>", "</textarea>"],
    ),
    fc.array(inline, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([[open, close], body, closed]) => [open, ...body, ...(closed ? [close] : [])].join("\n"));
/** GFM only (the reference sees a paragraph): kept apart by blank lines, no row starts with `/`. */
const table = fc
  .array(fc.tuple(words, commandText), { minLength: 0, maxLength: 3 })
  .map((rows) => ["", "| a | b |", "| - | - |", ...rows.map(([a, b]) => `| ${a} | ${b} |`), ""].join("\n"));
const heading = fc.oneof(
  inline.map((t) => `# ${t}`),
  fc.tuple(inline, fc.constantFrom("---", "===")).map(([t, u]) => `${t}\n${u}`),
);
const other = fc.constantFrom("***", "[ref]: /sev1", "[ref]:\n/url", "[a]: /x\n[b]: /y 't'", "", "   ");
const leaf = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 2, arbitrary: fence },
  { weight: 1, arbitrary: indentedCode },
  { weight: 2, arbitrary: htmlBlock },
  { weight: 1, arbitrary: heading },
  { weight: 1, arbitrary: other },
);

// --- containers: list items and quotes around blocks, with lazy continuation lines ---------------

/**
 * Two corners where markdown-it reads CommonMark differently stay out of the generated input:
 * tabs right after a list marker, and lazy lines (lines that continue a paragraph inside a list
 * item or quote without the item's indentation or the `>`) that are themselves indented, or come
 * after such a line: markdown-it checks them for a new block relative to the item's indentation,
 * CommonMark relative to the container they are in. Lazy lines start at the left margin here.
 */
interface Block {
  text: string;
  /** A list or quote: lines right after it, without a blank line, may continue it lazily. */
  container: boolean;
}
const flush = (text: string) => text.replace(/^[ \t]+/gm, "");
/** Blocks joined as written; lines that could continue a container lazily start at the margin. */
function joinBlocks(parts: [Block, string][]): string {
  let lazy = false;
  return parts
    .map(([block, sep]) => {
      const text = lazy ? flush(block.text) : block.text;
      lazy = sep !== "\n\n" && (lazy || block.container);
      return text + sep;
    })
    .join("");
}
const asLeaf = (text: string): Block => ({ text, container: false });
const asContainer = (text: string): Block => ({ text, container: true });
const listMarker = fc.constantFrom("- ", "* ", "1. ", "10. ", "+ ");
const lazyLines = fc.array(inline, { maxLength: 2 });
/**
 * Each line of `text` gets `prefix` (the first `first`), up to line `lazyFrom`: the lines from
 * there on continue lazily (once one line leaves the container, the ones after it have too).
 */
const prefixed = (text: string, first: string, prefix: string, lazyFrom: number) =>
  text
    .split("\n")
    .map((l, n) => (n === 0 ? first + l : n >= lazyFrom ? flush(l) : prefix + l))
    .join("\n");
const separator = fc.constantFrom("\n", "\n\n");
const listOf = (inner: fc.Arbitrary<Block>) =>
  fc
    .array(
      fc.tuple(
        listMarker,
        fc.array(fc.tuple(inner, separator), { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 8 }),
        lazyLines,
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((items) =>
      items
        .map(([marker, blocks, lazy, after]) => {
          // The item's content column is right after the marker.
          const body = joinBlocks(blocks)
            .replace(/^[ \t]+/, "")
            .replace(/\n+$/, "");
          return [prefixed(body, marker, " ".repeat(marker.length), lazy + 1), ...after].join("\n");
        })
        .join("\n"),
    )
    .map(asContainer);
const quoteOf = (inner: fc.Arbitrary<Block>) =>
  fc
    .tuple(inner, fc.constantFrom("> ", ">", " > "), fc.nat({ max: 8 }), lazyLines)
    .map(([body, marker, lazy, after]) =>
      [prefixed(body.text, marker, marker, lazy + 1), ...after].join("\n"),
    )
    .map(asContainer);
const leafBlock = leaf.map(asLeaf);
const nested = fc.oneof(
  { weight: 3, arbitrary: leafBlock },
  { weight: 1, arbitrary: listOf(leafBlock) },
  { weight: 1, arbitrary: quoteOf(leafBlock) },
);
const block = fc.oneof(
  { weight: 6, arbitrary: leafBlock },
  { weight: 2, arbitrary: listOf(nested) },
  { weight: 2, arbitrary: quoteOf(nested) },
  { weight: 1, arbitrary: table.map(asLeaf) },
);
/** Blocks joined with or without a blank line (without one, laziness and interruption apply). */
const comment = fc
  .array(fc.tuple(block, fc.constantFrom("\n", "\n\n", "\r\n")), { minLength: 1, maxLength: 8 })
  .map((parts) => {
    let n = 0;
    return joinBlocks(parts).replaceAll(MARK, () => `q${n++}q`);
  });

// --- the reference ----------------------------------------------------------------------------

const COMMAND_START = /^\/([A-Za-z0-9-]+)(?=\s|$)/;
const reference = new Parser();

/** `name@line` for every command line the reference implementation's tree implies. */
function referenceCommands(body: string): string[] {
  const lines = body.split(/\r\n|\r|\n/);
  const found: string[] = [];
  for (let block = reference.parse(body).firstChild; block; block = block.next) {
    if (block.type !== "paragraph") continue;
    let lineStart = true;
    for (let node: Node | null = block.firstChild; node; node = node.next) {
      if (lineStart && node.type === "text" && node.literal?.startsWith("/")) {
        const marker = /q\d+q/.exec(textRun(node))?.[0];
        const index = marker ? lines.findIndex((l) => l.includes(marker)) : -1;
        const text = (lines[index] ?? "").replace(/^[ \t]+/, "");
        const name = COMMAND_START.exec(text)?.[1]?.toLowerCase();
        if (name && NAMES.includes(name)) found.push(`${name}@${index + 1}`);
      }
      lineStart = node.type === "softbreak" || node.type === "linebreak";
    }
  }
  return found;
}

/** The literal of this text node and the text nodes right after it (escapes split them). */
function textRun(node: Node): string {
  let text = "";
  for (let n: Node | null = node; n?.type === "text"; n = n.next) text += n.literal ?? "";
  return text;
}

describe("parseComment agrees with the CommonMark reference implementation", () => {
  it(`on ${NUM_RUNS} generated comments`, () => {
    fc.assert(
      fc.property(comment, (body) => {
        const ours = parseComment(body, NAMES);
        const expected = referenceCommands(body);
        const found = (ours.overLimit?.lines ?? ours.commands).map((c) => `${c.name}@${c.line}`);
        if (expected.length > MAX_COMMAND_LINES) {
          expect(ours.commands).toEqual([]);
          expect(ours.overLimit?.count).toBe(expected.length);
          expect(found).toEqual(expected.slice(0, MAX_COMMAND_LINES + 1));
        } else {
          expect(found).toEqual(expected);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("sees what the generator is for: hidden and visible commands both occur", () => {
    const sample = fc.sample(comment, { numRuns: 500, seed: 1 });
    const visible = sample.filter((body) => referenceCommands(body).length > 0).length;
    const hidden = sample.filter(
      (body) => /^[ \t>*+\-0-9.]*\/sev1/m.test(body) && !referenceCommands(body).length,
    );
    expect(visible).toBeGreaterThan(100);
    expect(hidden.length).toBeGreaterThan(50);
  });
});
