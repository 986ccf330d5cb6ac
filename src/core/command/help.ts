import { formatDuration } from "../config/duration.js";
import type { HotwashConfig } from "../config/schema.js";
import { catalogTable } from "../incident/catalog.js";
import { tableCell } from "../text/markdown.js";
import { requiredAccess } from "./permissions.js";
import { BASE_COMMANDS } from "./types.js";

export type UsageName = (typeof BASE_COMMANDS)[number] | "severity";

/** Syntax, a realistic example and a one-line purpose per command: for `/help` and error replies. */
export const USAGE: Record<UsageName, { syntax: string; example: string; does: string }> = {
  incident: {
    syntax: "/incident [severity] [title]",
    example: "/incident sev2 Checkout is failing",
    does: "Declare an incident: labels, you as commander, the board",
  },
  severity: {
    syntax: "/sev1",
    example: "/sev1",
    does: "Set the severity (declares an incident if needed); a raise notifies escalation contacts",
  },
  status: {
    syntax: "/status <investigating|identified|monitoring|resolved> [message]",
    example: "/status identified Database pool exhausted",
    does: "Post a status update",
  },
  resolve: {
    syntax: "/resolve [message]",
    example: "/resolve Pool resized, error rate back to normal",
    does: "Same as `/status resolved`",
  },
  ic: {
    syntax: "/ic [@user]",
    example: "/ic @octocat",
    does: "Make someone (default: you) the incident commander",
  },
  role: {
    syntax: "/role <role> [@user]",
    example: "/role comms @octocat",
    does: "Give someone (default: you) a role",
  },
  note: {
    syntax: "/note <text>",
    example: "/note Paged the database on-call",
    does: "Add a timeline entry now",
  },
  timeline: {
    syntax: "/timeline [YYYY-MM-DD] HH:MM[Z] <text>",
    example: "/timeline 14:05 First alert fired",
    does: "Add a backdated timeline entry",
  },
  diagnose: {
    syntax: "/diagnose <service> [key=value…]",
    example: "/diagnose api region=eu-west-1",
    does: "Run the diagnostics workflow",
  },
  rollback: {
    syntax: "/rollback <service> [to <ref>]",
    example: "/rollback api to v1.4.2",
    does: "Run the rollback workflow (default target: the previous good deployment)",
  },
  service: {
    syntax: "/service <service…>",
    example: "/service api web",
    does: "Set the services the incident affects (replaces the list): the board shows their owners and runbooks",
  },
  action: {
    syntax: "/action <title> [@owner] [due:YYYY-MM-DD] [priority:P0-P3]",
    example: "/action Alert on pool saturation @octocat priority:P1",
    does: "Record an action item as a linked issue",
  },
  postmortem: {
    syntax: "/postmortem",
    example: "/postmortem",
    does: "Open or update the post-mortem pull request",
  },
  drill: {
    syntax: "/drill [severity] [title]",
    example: "/drill sev2 Game day: database failover",
    does: "Declare a practice incident (kept out of metrics)",
  },
  help: { syntax: "/help", example: "/help", does: "Show this help" },
};

/** `/timeline fix` and `/timeline drop`: rows under `/timeline` in `/help`, with its access. */
export const CORRECTION_USAGE = {
  fix: {
    syntax: "/timeline fix <ref> [<[YYYY-MM-DD ]HH:MM[Z]>] [text]",
    example: "/timeline fix t12 14:07 First alert fired",
    does: "Correct a timeline entry's text or time (its ref is in the board's `#` column); the correction is recorded",
  },
  drop: {
    syntax: "/timeline drop <ref>",
    example: "/timeline drop t12",
    does: "Retract a note or backdated entry; the retraction is recorded",
  },
} as const;

/** The `/help` reply: commands with who may run them, then severities, roles and services. */
export function renderHelp(config: HotwashConfig): string {
  return [
    "### Hotwash commands",
    "",
    "Write a command at the start of a line in a comment on the incident issue; several lines run in order.",
    "",
    "| Command | What it does | Who may run it |",
    "| --- | --- | --- |",
    ...commandRows(config),
    "",
    "### Severities",
    "",
    "| Severity | Meaning | Acknowledge within | Resolve within | Status update every |",
    "| --- | --- | --- | --- | --- |",
    ...Object.entries(config.severities).map(
      ([key, severity]) =>
        `| \`${key}\` | ${tableCell(severity.description ? `${severity.name}: ${severity.description}` : severity.name)} | ${target(severity.acknowledgeWithin)} | ${target(severity.resolveWithin)} | ${target(severity.updateEvery)} |`,
    ),
    "",
    `**Roles** (\`/role\`): ${config.roles.length ? codeList(config.roles) : "none configured; list them under `roles:` in `.github/hotwash.yml`."}`,
    "",
    `**Services** (\`/diagnose\`, \`/rollback\`): ${servicesLine(config)}`,
    ...(catalogTable(config) ? ["", catalogTable(config) ?? ""] : []),
    "",
    `\`/timeline\` times are in ${config.timezone === "UTC" ? "UTC" : `\`${config.timezone}\` unless they end in \`Z\` (UTC)`}.`,
  ].join("\n");
}

function commandRows(config: HotwashConfig): string[] {
  const severityKeys = Object.keys(config.severities).filter(
    (key) => !(BASE_COMMANDS as readonly string[]).includes(key),
  );
  const rows: string[] = [];
  for (const name of BASE_COMMANDS) {
    rows.push(row(USAGE[name].syntax, USAGE[name].does, who(name, config)));
    if (name === "timeline") {
      for (const usage of Object.values(CORRECTION_USAGE))
        rows.push(row(usage.syntax, usage.does, who(name, config)));
    }
    // Severity commands sit right after /incident; keys that need the same access share one row.
    if (name === "incident") {
      const byAccess = new Map<string, string[]>();
      for (const key of severityKeys) {
        const access = who(key, config);
        byAccess.set(access, [...(byAccess.get(access) ?? []), key]);
      }
      for (const [access, keys] of byAccess) {
        rows.push(row(keys.map((key) => `/${key}`).join(" "), USAGE.severity.does, access));
      }
    }
  }
  return rows;
}

function row(syntax: string, does: string, who: string): string {
  // GFM splits table cells on `|` even inside code spans, so escape it there too.
  return `| \`${syntax.replace(/\|/g, "\\|")}\` | ${does} | ${who} |`;
}

function who(name: string, config: HotwashConfig): string {
  const { permission, teams } = requiredAccess(name, config);
  const level = permission === "admin" ? "`admin`" : `\`${permission}\` or higher`;
  return teams.length ? `${level}, in ${teams.map((team) => `\`${team}\``).join(" or ")}` : level;
}

function target(ms: number | null): string {
  return ms === null ? "—" : formatDuration(ms);
}

function servicesLine(config: HotwashConfig): string {
  const services = Object.keys(config.services);
  if (services.length) return codeList(services);
  return "none configured yet. Add them to `.github/hotwash.yml`, e.g. `services: { api: { environment: production } }`.";
}

function codeList(items: readonly string[]): string {
  return items.map((item) => `\`${item}\``).join(", ");
}
