import { describe, expect, it } from "vitest";
import { renderHelp } from "../../src/core/command/help.js";
import { BASE_COMMANDS } from "../../src/core/command/types.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";

function config(raw: object): HotwashConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

/** The table row whose first cell starts with this command. */
function rowFor(help: string, command: string): string {
  const row = help.split("\n").find((line) => line.startsWith(`| \`${command}`));
  if (!row) throw new Error(`no row for ${command} in:\n${help}`);
  return row;
}

describe("renderHelp", () => {
  const help = renderHelp(DEFAULT_CONFIG);

  it("lists every command with who may run it", () => {
    for (const name of BASE_COMMANDS) expect(help).toContain(`| \`/${name}`);
    expect(rowFor(help, "/rollback")).toMatch(/`maintain` or higher \|$/);
    expect(rowFor(help, "/help")).toMatch(/`read` or higher \|$/);
    expect(rowFor(help, "/sev1")).toContain("`/sev1 /sev2 /sev3 /sev4`");
  });

  it("escapes pipes so the status syntax stays in one cell", () => {
    expect(rowFor(help, "/status")).toContain(
      "`/status <investigating\\|identified\\|monitoring\\|resolved> [message]`",
    );
    expect(rowFor(help, "/status").split(/(?<!\\)\|/)).toHaveLength(5);
  });

  it("shows each severity's targets", () => {
    expect(help).toContain("| `sev1` | Critical: Outage, data loss or security breach | 15m | 1h | 30m |");
    expect(help).toContain("| `sev2` | High: Major function impaired | 30m | 4h | 1h |");
    expect(help).toContain("| `sev4` | Low: Cosmetic, no user impact | 1d | 7d | — |");
  });

  it("shows roles, explains how to add services, and the /timeline zone", () => {
    expect(help).toContain("**Roles** (`/role`): `comms`, `tech-lead`, `scribe`");
    expect(help).toMatch(/\*\*Services\*\*.*none configured yet.*`services:/);
    expect(help).toContain("`/timeline` times are in UTC.");
  });

  it("reflects the repository's config", () => {
    const custom = renderHelp(
      config({
        services: { api: {}, web: {} },
        roles: [],
        timezone: "Europe/Berlin",
        commands: { rollback: { teams: ["@acme/sre"] }, sev1: { permission: "maintain" } },
      }),
    );
    expect(custom).toContain("**Services** (`/diagnose`, `/rollback`): `api`, `web`");
    expect(custom).toMatch(/\*\*Roles\*\*.*none configured/);
    expect(custom).toContain("in `Europe/Berlin` unless they end in `Z` (UTC)");
    expect(rowFor(custom, "/rollback")).toMatch(/`maintain` or higher, in `acme\/sre` \|$/);
    expect(rowFor(custom, "/sev1`")).toMatch(/`maintain` or higher \|$/);
    expect(rowFor(custom, "/sev2")).toContain("`/sev2 /sev3 /sev4`");
  });

  it("never mentions anyone and keeps config text inside its cell", () => {
    const hostile = renderHelp(
      config({
        severities: { sev1: { name: "Ping @everyone | now", escalate: ["@acme/leads"] } },
        postmortem: { requiredFor: ["sev1"] },
      }),
    );
    expect(hostile).not.toMatch(/(^|[^\u200b`])@(everyone|acme)/m);
    expect(hostile).toContain("Ping @\u200beveryone \\| now");
  });
});
