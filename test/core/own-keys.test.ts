/**
 * Lookups keyed by what people write see only own keys: `constructor`, `toString` and `__proto__`
 * are names like any other, never Object.prototype's members.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { hasOwn, ownValue } from "../../src/core/config/lookup.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { compileTemplate } from "../../src/core/postmortem/render.js";
import { buildTimeline } from "../../src/core/timeline/entries.js";

const AT = "2026-11-23T10:00:00.000Z";
const declared: IncidentEvent = {
  type: "declared",
  at: AT,
  actor: "bob",
  source: 1,
  title: "x",
  severity: "sev2",
  drill: false,
  commander: "bob",
};

describe("hasOwn / ownValue", () => {
  it("find only a record's own keys", () => {
    const record: Record<string, number> = { sev1: 1, constructor: 2 };
    expect(ownValue(record, "sev1")).toBe(1);
    expect(ownValue(record, "constructor")).toBe(2);
    expect(ownValue(record, "toString")).toBeUndefined();
    expect(ownValue({}, "constructor")).toBeUndefined();
    expect(ownValue({}, "__proto__")).toBeUndefined();
    expect(hasOwn({}, "hasOwnProperty")).toBe(false);
  });
});

describe("config", () => {
  it.each([
    ["severities", "severities:\n  __proto__:\n    name: Proto\n"],
    ["services", "services:\n  __proto__: {}\n"],
    ["commands", "commands:\n  __proto__:\n    permission: admin\n"],
    ["the top level", "__proto__:\n  services:\n    api: {}\n"],
  ])("rejects a `__proto__` key in %s instead of dropping it silently", (_, text) => {
    const result = parseConfig(parse(text));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/`__proto__` cannot be a key/)]);
  });

  it("accepts `constructor` and `toString` as names", () => {
    const result = parseConfig({
      severities: { sev1: { name: "Critical" }, constructor: { name: "Building works" } },
      services: { toString: {} },
      roles: ["constructor"],
    });
    expect(result.ok && Object.keys(result.config.severities)).toEqual(["sev1", "constructor"]);
    expect(result.ok && Object.keys(result.config.services)).toEqual(["toString"]);
  });
});

describe("timeline", () => {
  it("names an unconfigured severity by its key and an unknown run conclusion as it is", () => {
    const events: IncidentEvent[] = [
      { ...declared, severity: "toString" },
      {
        type: "run",
        at: AT,
        actor: "github-actions[bot]",
        runId: 1,
        workflow: "hotwash-diagnose.yml",
        phase: "completed",
        conclusion: "constructor" as never,
        url: "https://github.com/acme/shop/actions/runs/1",
        durationMs: null,
      },
    ];
    const texts = buildTimeline(events, [], { severities: DEFAULT_CONFIG.severities }).map((e) => e.text);
    expect(texts[0]).toBe("Declared toString: x");
    expect(texts[1]).toBe("Run of `hotwash-diagnose.yml` finished (constructor)");
  });
});

describe("post-mortem templates", () => {
  it("name `{{constructor x}}` as an unknown helper, with its line", () => {
    const compiled = compileTemplate("# Post-mortem\n\n{{constructor title}}\n");
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? null : compiled.problem).toMatchObject({
      line: 3,
      message: expect.stringContaining("unknown helper `constructor`"),
    });
  });
});
