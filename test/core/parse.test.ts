import ParserBlock from "markdown-it/lib/parser_block.mjs";
import { describe, expect, it, vi } from "vitest";
import {
  commandNames,
  isOneEditAway,
  MAX_COMMAND_LINES,
  mayHaveCommand,
  parseComment,
} from "../../src/core/command/parse.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";

const NAMES = commandNames(DEFAULT_CONFIG);
/** `name args@line` per command, for compact expectations. */
const commandsIn = (body: string, names: readonly string[] = NAMES) =>
  parseComment(body, names).commands.map((c) => `${[c.name, c.args].filter(Boolean).join(" ")}@${c.line}`);

describe("parseComment: which lines are commands", () => {
  it.each<[string, string, string[]]>([
    ["a single command", "/status identified DB pool exhausted", ["status identified DB pool exhausted@1"]],
    ["a command without args", "/help", ["help@1"]],
    [
      "several commands run in order",
      "/sev1\nsome words\n/ic @alice\n/note paged DBA",
      ["sev1@1", "ic @alice@3", "note paged DBA@4"],
    ],
    [
      "CRLF line endings",
      "/sev2\r\n/status investigating looking\r\n",
      ["sev2@1", "status investigating looking@2"],
    ],
    ["lone CR line endings", "/sev2\r/help", ["sev2@1", "help@2"]],
    [
      "names are case-insensitive and lower-cased",
      "/STATUS Monitoring\n/Sev1",
      ["status Monitoring@1", "sev1@2"],
    ],
    ["args are trimmed", "/note    spaced out   ", ["note spaced out@1"]],
    ["tab after the name", "/note\tafter a tab", ["note after a tab@1"]],
    ["up to 3 leading spaces", "   /help", ["help@1"]],
    ["4 leading spaces is an indented code block", "    /help", []],
    ["a leading tab is an indented code block", "\t/help", []],
    ["only at the start of a line", "please run /help", []],
    ["name must end at whitespace", "/help, please", []],
    ["a path is not a command", "/api/v1/users is slow", []],
    ["a tmp path is not a command", "/tmp/x", []],
    ["a double slash is not a command", "//note this", []],
    ["a URL is not a command", "https://example.com/help", []],
    ["a bare slash is not a command", "/ alone", []],
    ["an unknown word is ignored", "/deploy api", []],
  ])("%s", (_label, body, expected) => {
    expect(commandsIn(body)).toEqual(expected);
  });
});

describe("parseComment: inert text", () => {
  it.each<[string, string, string[]]>([
    ["a backtick fence", "```\n/sev1\n```\n/help", ["help@4"]],
    ["a fence with an info string", "```bash\n/sev1\n```\n/help", ["help@4"]],
    ["CRLF around a fence", "```\r\n/sev1\r\n```\r\n/help", ["help@4"]],
    ["a tilde fence", "~~~\n/sev1\n~~~\n/help", ["help@4"]],
    ["a tilde fence is not closed by backticks", "~~~\n/sev1\n```\n/sev2\n~~~\n/help", ["help@6"]],
    ["a longer fence needs an equally long close", "````\n```\n/sev1\n````\n/help", ["help@5"]],
    ["a longer closing fence closes", "```\n/sev1\n`````\n/help", ["help@4"]],
    ["an indented fence (3 spaces)", "   ```\n/sev1\n   ```\n/help", ["help@4"]],
    ["an unclosed fence runs to the end", "/help\n```\n/sev1\n/note x", ["help@1"]],
    [
      "a closing fence with text after it does not close",
      "```\n/sev1\n``` not a close\n/sev2\n```\n/help",
      ["help@6"],
    ],
    ["inline code with three backticks is not a fence", "```/sev1``` is inline\n/help", ["help@2"]],
    // Were ["help@2"]: the line after a quoted paragraph continues it lazily and is shown quoted.
    ["a quoted line", "> /sev1\n/help", []],
    ["a quoted line with leading spaces", "  > /sev1\n/help", []],
    ["a line after a quote and a blank line", "> /sev1\n\n/help", ["help@3"]],
    ["a quote of a fenced block does not open a fence outside", "> ```\n/help", ["help@2"]],
    ["an HTML comment block", "<!--\n/sev1\n-->\n/help", ["help@4"]],
    ["a one-line HTML comment hides nothing after it", "<!-- hidden -->\n/help", ["help@2"]],
  ])("%s", (_label, body, expected) => {
    expect(commandsIn(body)).toEqual(expected);
  });
});

describe("parseComment: a command is a line of a top-level paragraph, as GitHub renders it", () => {
  it.each<[string, string, string[]]>([
    ["an HTML comment opened inside a paragraph", "see <!--\n/rollback api to v1\n-->", []],
    ["a fence inside a list item", "- example:\n  ```\n  /sev1\n  ```", []],
    ["a fence opened on a list item's first line", "- ```\n  /sev1\n  ```", []],
    ["a lazy continuation line of a quote", "> quoting:\n/sev1", []],
    ["a <pre> block", "<pre>\n/sev1\n</pre>\n\n/help", ["help@5"]],
    ["an HTML block", "<div>\n/sev1\n</div>", []],
    ["an HTML tag spanning lines", 'hi <span title="\n/sev1 now">x</span>', []],
    ["a code span spanning lines", "run `this\n/sev1 now` later", []],
    // markdown-it 14 alone loses this span (its issue 1201): the line would run.
    ["a code span after an unclosed link bracket", "[x `a\n/sev1 now` `", []],
    // markdown-it alone shows every comment after an unclosed `<?` as text.
    ["an HTML comment after an unclosed <?", "see <? then <!--\n/sev1 now\n-->", []],
    ["indented code", "    /sev1\n    /help", []],
    ["indented code after a blank line", "text\n\n    /sev1", []],
    ["a list item", "- /sev1\n1. /help", []],
    ["a list item's lazy continuation line", "- first\n/sev1", []],
    ["a list item's indented paragraph", "1. step\n\n   /sev1", []],
    ["a table row", "| a | b |\n| - | - |\n/sev1", []],
    ["a heading", "# /sev1\n/help\n---", []],
    ["emphasis spanning lines", "*look\n/sev1 now*", []],
    ["an escaped slash", "\\/sev1", []],
    ["a paragraph after indented code", "    code\n/sev1", ["sev1@2"]],
    ["a paragraph after a list and a blank line", "- item\n\n/sev1", ["sev1@3"]],
    ["a paragraph after an HTML block", "<div>\nx\n</div>\n\n/sev1", ["sev1@5"]],
    ["a continuation line, however indented", "Raising:\n      /sev1\n\t/help", ["sev1@2", "help@3"]],
    ["after a hard line break", "Raising  \n/sev1 now\\\n/help", ["sev1 now\\@2", "help@3"]],
    ["after a one-line code span", "run `x`\n/sev1", ["sev1@2"]],
    ["after an HTML comment closed on its line", "see <!-- x -->\n/sev1", ["sev1@2"]],
    [
      "args keep their inline markdown",
      "/note see `logs` and <b>this</b>",
      ["note see `logs` and <b>this</b>@1"],
    ],
  ])("%s", (_label, body, expected) => {
    expect(commandsIn(body)).toEqual(expected);
  });

  it("ignores near misses in the same places", () => {
    expect(parseComment("> quoting:\n/stauts", NAMES).nearMisses).toEqual([]);
    expect(parseComment("- x\n  ```\n  /hepl\n  ```", NAMES).nearMisses).toEqual([]);
  });
});

describe("parseComment: limits", () => {
  const lines = (n: number, line = "/note x") => Array.from({ length: n }, () => line).join("\n");

  it("runs up to 10 command lines", () => {
    const parsed = parseComment(lines(MAX_COMMAND_LINES), NAMES);
    expect(parsed.commands).toHaveLength(10);
    expect(parsed.overLimit).toBeNull();
  });

  it("runs nothing from a comment with more than 10 command lines", () => {
    const parsed = parseComment(lines(500, "/diagnose api"), NAMES);
    expect(parsed.commands).toEqual([]);
    expect(parsed.nearMisses).toEqual([]);
    expect(parsed.overLimit?.count).toBe(500);
    // Enough lines to authorize the refusal, never all of them.
    expect(parsed.overLimit?.lines).toHaveLength(MAX_COMMAND_LINES + 1);
  });

  it("counts command lines only: not hidden ones, other words or near misses", () => {
    const body = [lines(10), "```", lines(5), "```", "/deploy x", "/stauts y", "> /sev1"].join("\n");
    const parsed = parseComment(body, NAMES);
    expect(parsed.commands).toHaveLength(10);
    expect(parsed.overLimit).toBeNull();
  });
});

describe("mayHaveCommand", () => {
  it.each<[string, boolean]>([
    ["Looking at the dashboards now", false],
    ["see https://example.com/help and a/b", false],
    ["/sev1", true],
    ["text\n      /sev1", true],
    ["text\n\t/p1", true],
    ["text\r/sev1", true],
  ])("%j → %s", (body, expected) => {
    expect(mayHaveCommand(body)).toBe(expected);
  });

  it("is what parseComment checks first: without a candidate line, no markdown is parsed", () => {
    const blockParse = vi.spyOn(ParserBlock.prototype, "parse");
    try {
      const long = "Looking at the graphs, see https://example.com/a/b\n".repeat(1000);
      expect(parseComment(long, NAMES)).toEqual({ commands: [], nearMisses: [], overLimit: null });
      expect(blockParse).not.toHaveBeenCalled();
      expect(parseComment(`${long}/sev1`, NAMES).commands).toHaveLength(1);
      expect(blockParse).toHaveBeenCalledTimes(1);
    } finally {
      blockParse.mockRestore();
    }
  });
});

describe("parseComment: near misses", () => {
  const nearMisses = (body: string) => parseComment(body, NAMES).nearMisses;

  it.each<[string, string]>([
    ["/stauts identified", "status"], // adjacent transposition
    ["/statu identified", "status"], // deletion
    ["/statuss identified", "status"], // insertion
    ["/statis identified", "status"], // substitution
    ["/rollbak api", "rollback"],
    ["/Sev5", "sev1"],
    ["/ntoe hi", "note"],
  ])("%s suggests /%s", (body, suggestion) => {
    expect(nearMisses(body)).toEqual([
      { typed: body.slice(1).split(" ")[0]?.toLowerCase(), suggestion, line: 1 },
    ]);
    expect(parseComment(body, NAMES).commands).toEqual([]);
  });

  it.each(["/deploy api", "/stat x", "/lgtm", "/it is down", "/ci retest", "/c"])(
    "%s is ignored silently",
    (body) => {
      expect(nearMisses(body)).toEqual([]);
    },
  );

  it("reports the line and ignores near misses inside code", () => {
    expect(nearMisses("hello\n```\n/stauts\n```\n\n/hepl")).toEqual([
      { typed: "hepl", suggestion: "help", line: 6 },
    ]);
  });

  it("keeps commands and near misses apart", () => {
    const parsed = parseComment("/sev1\n/stauts identified", NAMES);
    expect(parsed.commands.map((c) => c.name)).toEqual(["sev1"]);
    expect(parsed.nearMisses.map((n) => n.suggestion)).toEqual(["status"]);
  });
});

describe("commandNames", () => {
  it("is the fixed commands plus the configured severity keys", () => {
    const result = parseConfig({
      severities: { p1: { name: "Page" }, p2: { name: "Ticket" } },
      postmortem: { requiredFor: ["p1"] },
    });
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const names = commandNames(result.config);
    expect(names).toEqual(expect.arrayContaining(["status", "help", "p1", "p2"]));
    expect(names).not.toContain("sev1");
    expect(commandsIn("/p2\n/sev1", names)).toEqual(["p2@1"]);
  });

  it("recognises /sev2 as a command under the defaults", () => {
    expect(commandsIn("/sev2 checkout errors")).toEqual(["sev2 checkout errors@1"]);
  });
});

describe("isOneEditAway", () => {
  it.each<[string, string, boolean]>([
    ["status", "status", false],
    ["stauts", "status", true],
    ["tsatus", "status", true],
    ["statsu", "status", true],
    ["stuats", "status", false], // two edits
    ["note", "nope", true],
    ["note", "notes", true],
    ["notes", "note", true],
    ["ote", "note", true],
    ["nt", "note", false],
    ["ab", "ba", true],
  ])("%s vs %s → %s", (a, b, expected) => {
    expect(isOneEditAway(a, b)).toBe(expected);
  });
});
