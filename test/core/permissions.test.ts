import { describe, expect, it } from "vitest";
import { meetsPermission, requiredAccess } from "../../src/core/command/permissions.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";

function config(raw: object): HotwashConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

describe("requiredAccess", () => {
  it.each([
    ["incident", "write"],
    ["sev1", "write"],
    ["sev4", "write"],
    ["status", "triage"],
    ["resolve", "write"],
    ["ic", "triage"],
    ["role", "triage"],
    ["note", "triage"],
    ["timeline", "triage"],
    ["diagnose", "write"],
    ["rollback", "maintain"],
    ["action", "triage"],
    ["postmortem", "write"],
    ["drill", "write"],
    ["help", "read"],
    ["HELP", "read"],
  ])("/%s needs %s by default (the README's table)", (name, permission) => {
    expect(requiredAccess(name, DEFAULT_CONFIG)).toEqual({ permission, teams: [] });
  });

  it("fails closed for names that are not commands", () => {
    expect(requiredAccess("sev9", DEFAULT_CONFIG).permission).toBe("admin");
    expect(requiredAccess("deploy", DEFAULT_CONFIG).permission).toBe("admin");
  });

  it("lets config raise a command and require teams (leading @ optional, case-insensitive)", () => {
    const raised = config({
      commands: { rollback: { permission: "admin", teams: ["@Acme/SRE", "acme/platform"] } },
    });
    expect(requiredAccess("rollback", raised)).toEqual({
      permission: "admin",
      teams: ["acme/sre", "acme/platform"],
    });
    expect(requiredAccess("diagnose", raised)).toEqual({ permission: "write", teams: [] });
  });

  it("lets config replace the default with a lower level", () => {
    expect(requiredAccess("note", config({ commands: { note: { permission: "read" } } })).permission).toBe(
      "read",
    );
  });

  it("keeps the default permission when a rule only adds teams", () => {
    expect(requiredAccess("status", config({ commands: { status: { teams: ["acme/oncall"] } } }))).toEqual({
      permission: "triage",
      teams: ["acme/oncall"],
    });
  });

  it("applies the severity rule to every severity key; a per-key rule wins and teams add up", () => {
    const rules = config({
      commands: {
        severity: { permission: "triage", teams: ["acme/oncall"] },
        sev1: { permission: "maintain", teams: ["acme/leads"] },
      },
    });
    expect(requiredAccess("sev2", rules)).toEqual({ permission: "triage", teams: ["acme/oncall"] });
    expect(requiredAccess("sev1", rules)).toEqual({
      permission: "maintain",
      teams: ["acme/oncall", "acme/leads"],
    });
    // The severity rule is for severity keys only, not for a command literally named "severity".
    expect(requiredAccess("incident", rules)).toEqual({ permission: "write", teams: [] });
  });
});

describe("meetsPermission", () => {
  it.each<[string, "read" | "triage" | "write" | "maintain" | "admin", boolean]>([
    ["admin", "maintain", true],
    ["maintain", "maintain", true],
    ["write", "maintain", false],
    ["write", "write", true],
    ["triage", "write", false],
    ["triage", "triage", true],
    ["read", "triage", false],
    ["read", "read", true],
    ["none", "read", false],
    ["security-reviewer", "read", true], // custom role: counts as read
    ["security-reviewer", "triage", false],
  ])("%s meets %s: %s", (actual, required, expected) => {
    expect(meetsPermission(actual, required)).toBe(expected);
  });
});
