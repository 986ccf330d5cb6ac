import { describe, expect, it } from "vitest";
import { interpret } from "../../src/core/command/interpret.js";
import { parseConfig } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";
import { servicesSection } from "../../src/core/incident/catalog.js";
import { decide, escalationMentions } from "../../src/core/incident/decide.js";
import { servicesFromIssueBody } from "../../src/core/incident/issue-form.js";
import { emptyState } from "../../src/core/incident/state.js";

function config(raw: object): HotwashConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

const CONFIG = config({
  services: {
    api: { owners: ["@acme/payments", "acme/sre"], dashboards: { "Errors [5xx]": "https://g.example/d(1)" } },
    "Web-App": { owners: ["acme/frontend"] },
  },
  severities: { sev1: { name: "Critical", escalate: ["@acme/sre", "@alice"] }, sev2: { name: "High" } },
});
const NOW = new Date("2026-11-23T10:00:00Z");

const run = (args: string, cfg = CONFIG) =>
  interpret({ name: "service", args, line: 1 }, { config: cfg, now: NOW });

describe("/service", () => {
  it("takes names in any case and separator, in catalog spelling, each once", () => {
    expect(run("web-app, API api")).toEqual({
      ok: true,
      command: { name: "service", services: ["Web-App", "api"] },
    });
  });

  it.each([
    ["", "needs one or more services"],
    ["api ../etc", "`../etc` is not a configured service; the known services are `api`, `Web-App`."],
    ["@acme/team", "`@\u200bacme/team` is not a configured service"],
  ])("refuses %j", (args, message) => {
    const result = run(args);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it("explains how to add services when none are configured", () => {
    const result = run("api", config({}));
    expect(!result.ok && result.error).toContain("No services are configured yet");
  });

  it("needs a declared incident", () => {
    const decision = decide(
      emptyState(),
      { name: "service", services: ["api"] },
      {
        actor: "bob",
        at: NOW.toISOString(),
        config: CONFIG,
        issueTitle: "x",
      },
    );
    expect(decision.ok).toBe(false);
  });
});

describe("escalationMentions", () => {
  it("adds owners after the severity's contacts, each once whatever the spelling", () => {
    expect(escalationMentions(CONFIG, "sev1", ["api", "Web-App"])).toEqual([
      "@acme/sre",
      "@alice",
      "@acme/payments",
      "@acme/frontend",
    ]);
  });

  it("pages nobody for a severity without contacts", () => {
    expect(escalationMentions(CONFIG, "sev2", ["api"])).toEqual([]);
  });
});

describe("servicesFromIssueBody", () => {
  const form = (answer: string) =>
    `### What is happening?\n\nDown.\n\n### Affected services\n\n${answer}\n\n### Links\n\napi`;
  it.each([
    ["API, web-app", ["api", "Web-App"]],
    ["the api; and api again", ["api"]],
    ["_No response_", []],
  ])("%j → %j", (answer, expected) => {
    expect(servicesFromIssueBody(form(answer), Object.keys(CONFIG.services))).toEqual(expected);
  });

  it("reads nothing from a body without the section", () => {
    expect(servicesFromIssueBody("api is down", ["api"])).toEqual([]);
  });
});

describe("servicesSection", () => {
  it("keeps dashboard labels and URLs from breaking the link, and names a service no longer configured", () => {
    const section = servicesSection(["api", "gone"], CONFIG) ?? "";
    expect(section).toContain("[Errors \\[5xx\\]](https://g.example/d%281%29)");
    expect(section).toContain("- `gone` · _not in the catalog_");
  });
});
