import { describe, expect, it } from "vitest";
import { interpret } from "../../src/core/command/interpret.js";
import { BASE_COMMANDS, type Command } from "../../src/core/command/types.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";

function config(raw: object): HotwashConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

const CONFIG = config({
  timezone: "Europe/Berlin",
  services: { api: { environment: "production" }, "Web-App": {} },
  maxTextLength: 40,
});
/** 14:00 in Berlin on the day clocks go forward (02:00 → 03:00 local, at 01:00 UTC). */
const NOW = new Date("2026-03-29T12:00:00Z");

function run(line: string, options: { config?: HotwashConfig; now?: Date } = {}) {
  const [, name = "", args = ""] = /^\/(\S+)\s*(.*)$/s.exec(line) ?? [];
  return interpret({ name, args, line: 1 }, { config: options.config ?? CONFIG, now: options.now ?? NOW });
}

function accepted(line: string, options?: { config?: HotwashConfig; now?: Date }): Command {
  const result = run(line, options);
  if (!result.ok) throw new Error(`expected ${line} to be accepted: ${result.error}`);
  return result.command;
}

function refused(line: string, options?: { config?: HotwashConfig; now?: Date }): string {
  const result = run(line, options);
  if (result.ok) throw new Error(`expected ${line} to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe("interpret: valid commands", () => {
  it.each<[string, Command]>([
    ["/incident", { name: "incident", severity: null, title: null, drill: false }],
    [
      "/incident sev2 Checkout is failing",
      { name: "incident", severity: "sev2", title: "Checkout is failing", drill: false },
    ],
    ["/incident SEV1", { name: "incident", severity: "sev1", title: null, drill: false }],
    [
      "/incident Checkout is failing",
      { name: "incident", severity: null, title: "Checkout is failing", drill: false },
    ],
    [
      "/incident 500s  on checkout",
      { name: "incident", severity: null, title: "500s  on checkout", drill: false },
    ],
    ["/drill sev3 Game day", { name: "incident", severity: "sev3", title: "Game day", drill: true }],
    ["/drill", { name: "incident", severity: null, title: null, drill: true }],
    ["/sev1", { name: "severity", severity: "sev1" }],
    ["/sev4 now please", { name: "severity", severity: "sev4" }],
    [
      "/status identified Database pool exhausted",
      { name: "status", status: "identified", message: "Database pool exhausted" },
    ],
    ["/status MONITORING", { name: "status", status: "monitoring", message: null }],
    ["/resolve", { name: "status", status: "resolved", message: null }],
    ["/resolve Pool resized", { name: "status", status: "resolved", message: "Pool resized" }],
    ["/ic", { name: "commander", user: null }],
    ["/ic me", { name: "commander", user: null }],
    ["/ic @octo-cat", { name: "commander", user: "octo-cat" }],
    ["/ic octocat", { name: "commander", user: "octocat" }],
    ["/role comms", { name: "role", role: "comms", user: null }],
    ["/role Tech-Lead @alice", { name: "role", role: "tech-lead", user: "alice" }],
    ["/note Paged the DBA @bob", { name: "note", text: "Paged the DBA @bob" }],
    ["/diagnose api", { name: "diagnose", service: "api", params: {} }],
    [
      "/diagnose api region=eu-west-1 url=https://x.example/a query=a=b",
      {
        name: "diagnose",
        service: "api",
        params: { region: "eu-west-1", url: "https://x.example/a", query: "a=b" },
      },
    ],
    ["/diagnose web-app", { name: "diagnose", service: "Web-App", params: {} }],
    ["/rollback api", { name: "rollback", service: "api", ref: null }],
    ["/rollback api to v1.4.2", { name: "rollback", service: "api", ref: "v1.4.2" }],
    ["/rollback api TO release/2026-03", { name: "rollback", service: "api", ref: "release/2026-03" }],
    ["/rollback api to 4f2a9c1", { name: "rollback", service: "api", ref: "4f2a9c1" }],
    [
      "/action Add pool alert",
      { name: "action", title: "Add pool alert", owner: null, due: null, priority: null },
    ],
    [
      "/action Add pool alert @alice due:2026-04-10 priority:p1",
      { name: "action", title: "Add pool alert", owner: "alice", due: "2026-04-10", priority: "P1" },
    ],
    [
      "/action Ask @carol about limits priority:P0 @bob",
      { name: "action", title: "Ask @carol about limits", owner: "bob", due: null, priority: "P0" },
    ],
    [
      "/action Fix it due:2026-03-29",
      { name: "action", title: "Fix it", owner: null, due: "2026-03-29", priority: null },
    ],
    ["/postmortem", { name: "postmortem" }],
    ["/postmortem please", { name: "postmortem" }],
    ["/help me", { name: "help" }],
  ])("%s", (line, expected) => {
    expect(accepted(line)).toEqual(expected);
  });

  it("accepts a title of exactly maxTextLength characters", () => {
    const title = "x".repeat(40);
    expect(accepted(`/incident ${title}`)).toMatchObject({ title });
  });
});

describe("interpret: refused commands say what was wrong and how to use it", () => {
  it.each<[string, RegExp]>([
    ["/incident sev9 Outage", /`sev9` is not a configured severity.*`sev1`, `sev2`, `sev3`, `sev4`/],
    ["/incident sve1 Outage", /did you mean `sev1`/],
    ["/drill sev0", /`sev0` is not a configured severity/],
    ["/status", /needs one of `investigating`, `identified`, `monitoring`, `resolved`/],
    ["/status fixed it", /`fixed` is not a status; use one of/],
    ["/status identifed cause", /did you mean `identified`/],
    ["/status ident", /did you mean `identified`/],
    ["/status resolve", /did you mean `resolved`/],
    ["/ic alice bob", /at most one user/],
    ["/ic alice!", /`alice!` is not a GitHub user name/],
    ["/ic @org/team", /is not a GitHub user name/],
    ["/role", /needs a role: `comms`, `tech-lead`, `scribe`/],
    ["/role cmms", /did you mean `comms`/],
    ["/role janitor", /`janitor` is not a configured role; use one of `comms`, `tech-lead`, `scribe`/],
    ["/role commander @alice", /set with `\/ic`/],
    ["/role comms alice bob", /a role and at most one user/],
    ["/note", /needs the text/],
    ["/note   ", /needs the text/],
    ["/note " + "y".repeat(41), /41 characters long; the limit is 40/],
    ["/status identified " + "y".repeat(41), /message is 41 characters long/],
    ["/diagnose", /needs a service: `api`, `Web-App`/],
    ["/diagnose db", /`db` is not a configured service; use one of `api`, `Web-App`/],
    ["/diagnose apj", /did you mean `api`/],
    ["/diagnose api region", /`region` is not a `key=value` pair/],
    ["/diagnose api =x", /is not a `key=value` pair/],
    ["/diagnose api Region=x", /`Region` is not a parameter name/],
    ["/diagnose api cmd=$(reboot)", /value of `cmd` must be/],
    ["/diagnose api q='a'", /value of `q` must be/],
    ["/diagnose api q=a;b", /value of `q` must be/],
    ["/diagnose api q=", /value of `q` must be/],
    ["/diagnose api a=1 a=2", /`a` is given twice/],
    ["/diagnose api " + Array.from({ length: 11 }, (_, i) => `k${i}=v`).join(" "), /at most 10/],
    ["/rollback", /needs a service/],
    ["/rollback api v1.4.2", /write `\/rollback api to v1.4.2`/],
    ["/rollback api now please", /takes a service and optionally `to <ref>`/],
    ["/rollback api to", /after `to`/],
    ["/rollback api to v1 v2", /single ref/],
    ["/rollback api to main..evil", /not a branch, tag or commit SHA/],
    ["/rollback api to a//b", /not a branch, tag or commit SHA/],
    ["/rollback api to refs/heads/", /not a branch, tag or commit SHA/],
    ["/rollback api to main.lock", /not a branch, tag or commit SHA/],
    ["/rollback api to main@{1}", /not a branch, tag or commit SHA/],
    ["/rollback api to -rf", /not a branch, tag or commit SHA/],
    ["/rollback api to $(id)", /not a branch, tag or commit SHA/],
    ["/action", /needs a title/],
    ["/action @alice due:2026-04-10", /needs a title/],
    ["/action Fix due:2026-03-28", /due date `2026-03-28` is in the past/],
    ["/action Fix due:2026-02-30", /`2026-02-30` is not a real date/],
    ["/action Fix due:tomorrow", /is not a date; write `due:YYYY-MM-DD`/],
    ["/action Fix priority:P5", /priority is `P0` \(most urgent\) to `P3`/],
    ["/action Fix @alice @bob", /one owner/],
    ["/action Fix due:2026-04-01 due:2026-04-02", /`due:` is given twice/],
    ["/action Fix @org/team", /is not a GitHub user name/],
    ["/nope", /`\/nope` is not a Hotwash command/],
  ])("%s", (line, problem) => {
    const error = refused(line);
    expect(error).toMatch(problem);
    if (!line.startsWith("/nope")) expect(error).toMatch(/Usage: `\/[a-z]+/);
  });

  it("shows the command's own usage with an example", () => {
    expect(refused("/status")).toBe(
      "`/status` needs one of `investigating`, `identified`, `monitoring`, `resolved`. Usage: " +
        "`/status <investigating|identified|monitoring|resolved> [message]`, e.g. `/status identified Database pool exhausted`.",
    );
  });

  it("defangs mentions and keeps backticks from breaking out of echoed text", () => {
    const mention = refused("/status @everyone");
    expect(mention).not.toMatch(/(^|[^\u200b])@everyone/);
    expect(mention).toContain("@\u200beveryone");
    expect(refused("/status a`b")).toContain("``a`b``");
    expect(refused("/diagnose `x")).toContain("`` `x ``");
  });

  it("explains how to configure services when there are none", () => {
    expect(refused("/diagnose api", { config: DEFAULT_CONFIG })).toMatch(
      /No services are configured.*`services:`/,
    );
    expect(refused("/rollback api", { config: DEFAULT_CONFIG })).toMatch(
      /Usage: `\/rollback <service> \[to <ref>\]`/,
    );
  });

  it("explains how to configure roles when there are none", () => {
    expect(refused("/role comms", { config: config({ roles: [] }) })).toMatch(
      /No roles are configured.*`roles:`/,
    );
  });

  it("lists custom severities", () => {
    const custom = config({
      severities: { p1: { name: "Page" }, p2: { name: "Ticket" } },
      postmortem: { requiredFor: [] },
    });
    expect(refused("/incident p7 Outage", { config: custom })).toMatch(
      /`p7` is not a configured severity.*`p1`, `p2`/,
    );
    expect(accepted("/incident p2 Outage", { config: custom })).toMatchObject({ severity: "p2" });
    expect(accepted("/p1", { config: custom })).toEqual({ name: "severity", severity: "p1" });
    expect(refused("/sev1", { config: custom })).toMatch(/not a Hotwash command/);
  });
});

describe("interpret: /timeline times", () => {
  const at = (line: string, options?: { config?: HotwashConfig; now?: Date }) => {
    const command = accepted(line, options);
    if (command.name !== "timeline") throw new Error(`not a timeline command: ${command.name}`);
    return command.at;
  };

  it.each<[string, string]>([
    ["/timeline 13:30 Alert fired", "2026-03-29T11:30:00.000Z"], // CEST, after the switch
    ["/timeline 03:30 Alert fired", "2026-03-29T01:30:00.000Z"], // CEST, just after the skipped hour
    ["/timeline 01:30 Alert fired", "2026-03-29T00:30:00.000Z"], // still CET
    ["/timeline 9:05 Alert fired", "2026-03-29T07:05:00.000Z"], // one-digit hour
    ["/timeline 14:01 Alert fired", "2026-03-29T12:01:00.000Z"], // within a minute of now: today
    ["/timeline 14:02 Alert fired", "2026-03-28T13:02:00.000Z"], // later than now: yesterday, CET
    ["/timeline 23:50 Deploy started", "2026-03-28T22:50:00.000Z"],
    ["/timeline 11:45Z Alert fired", "2026-03-29T11:45:00.000Z"],
    ["/timeline 12:30z Alert fired", "2026-03-28T12:30:00.000Z"], // UTC, later than now: yesterday
    ["/timeline 2026-03-20 08:00 Deploy", "2026-03-20T07:00:00.000Z"],
    ["/timeline 2026-03-29T10:00Z Deploy", "2026-03-29T10:00:00.000Z"],
  ])("%s → %s", (line, expected) => {
    expect(at(line)).toBe(expected);
  });

  it("keeps the text as written", () => {
    expect(accepted("/timeline 13:30 Paged @alice  twice")).toMatchObject({ text: "Paged @alice  twice" });
  });

  it("takes the first of a repeated hour when clocks go back", () => {
    expect(at("/timeline 2026-10-25 02:30 Failover", { now: new Date("2026-10-26T00:00:00Z") })).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(at("/timeline 2026-10-25 03:30 Failover", { now: new Date("2026-10-26T00:00:00Z") })).toBe(
      "2026-10-25T02:30:00.000Z",
    );
  });

  it("uses UTC by default and crosses midnight backwards", () => {
    const now = new Date("2026-07-01T00:10:00Z");
    expect(at("/timeline 23:50 Late deploy", { config: DEFAULT_CONFIG, now })).toBe(
      "2026-06-30T23:50:00.000Z",
    );
    expect(at("/timeline 00:05 Alert", { config: DEFAULT_CONFIG, now })).toBe("2026-07-01T00:05:00.000Z");
  });

  it("converts zones west of UTC in summer", () => {
    const ny = config({ timezone: "America/New_York" });
    expect(at("/timeline 10:15 Alert", { config: ny, now: new Date("2026-07-01T15:00:00Z") })).toBe(
      "2026-07-01T14:15:00.000Z",
    );
  });

  it.each<[string, RegExp]>([
    ["/timeline", /needs a time and the text/],
    ["/timeline 13:30", /needs text after the time/],
    ["/timeline soon Alert", /`soon` is not a time; write `HH:MM`/],
    ["/timeline 1330 Alert", /`1330` is not a time/],
    ["/timeline 25:00 Alert", /`25:00` is not a valid date and time/],
    ["/timeline 12:60 Alert", /`12:60` is not a valid date and time/],
    ["/timeline 2026-02-30 10:00 Alert", /`2026-02-30 10:00` is not a valid date and time/],
    ["/timeline 02:30 Alert", /never happened in `Europe\/Berlin`.*Add `Z`/],
    ["/timeline 2026-03-29 14:05 Alert", /`2026-03-29 14:05` \(`Europe\/Berlin`\) is in the future/],
    ["/timeline 2026-04-01 10:00Z Alert", /\(UTC\) is in the future/],
    ["/timeline 13:30 " + "z".repeat(41), /41 characters long; the limit is 40/],
  ])("%s is refused", (line, problem) => {
    const error = refused(line);
    expect(error).toMatch(problem);
    expect(error).toContain("Usage: `/timeline [YYYY-MM-DD] HH:MM[Z] <text>`");
  });
});

describe("interpret: long input is answered in linear time", () => {
  const spaces = " ".repeat(60_000);
  /** Runs one line as the parser hands it over and returns the answer with how long it took. */
  const timed = (name: string, args: string) => {
    const started = performance.now();
    const result = interpret({ name, args, line: 1 }, { config: CONFIG, now: NOW });
    return { result, ms: performance.now() - started };
  };

  it("refuses an over-long /action title with 60,000 spaces in it, quickly", () => {
    const { result, ms } = timed("action", `Fix it${spaces}@alice now`);
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/60016 characters long; the limit is 40/),
    });
    expect(ms).toBeLessThan(200);
  });

  it("still finds trailing tokens after a long run of spaces", () => {
    const { result, ms } = timed("action", `Fix${spaces}it due:2026-04-01${spaces}@alice`);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/60005 characters long/) });
    expect(ms).toBeLessThan(200);
  });

  it.each<[string, string]>([
    ["spaces between words", `a${spaces}b c`],
    ["a date, spaces and no time", `2026-03-20${spaces}x y`],
    ["a time, spaces and text", `13:30${spaces}x y`],
    ["digits", `${"1".repeat(60_000)}x y`],
    ["one long word", "x".repeat(60_000)],
    ["key=value pairs", `api ${"a=".repeat(30_000)} b`],
    ["tabs and newlines", `a${"\t\u2028".repeat(30_000)}b c`],
  ])("every command answers %s within 200 ms", (_label, args) => {
    for (const name of [...BASE_COMMANDS, "sev1"]) {
      const { result, ms } = timed(name, args);
      expect(typeof result.ok, name).toBe("boolean");
      expect(ms, name).toBeLessThan(200);
    }
  });

  it("reads a /timeline after a long run of spaces", () => {
    const { result, ms } = timed("timeline", `2026-03-20${spaces}08:00 Deploy`);
    expect(result).toEqual({
      ok: true,
      command: { name: "timeline", at: "2026-03-20T07:00:00.000Z", text: "Deploy" },
    });
    expect(ms).toBeLessThan(200);
  });
});
