import { describe, expect, it } from "vitest";
import { commandNames, isOneEditAway, parseComment } from "../../src/core/command/parse.js";
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
    ["a quoted line", "> /sev1\n/help", ["help@2"]],
    ["a quoted line with leading spaces", "  > /sev1\n/help", ["help@2"]],
    ["a quote of a fenced block does not open a fence outside", "> ```\n/help", ["help@2"]],
    ["an HTML comment block", "<!--\n/sev1\n-->\n/help", ["help@4"]],
    ["a one-line HTML comment hides nothing after it", "<!-- hidden -->\n/help", ["help@2"]],
  ])("%s", (_label, body, expected) => {
    expect(commandsIn(body)).toEqual(expected);
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
