import { PERMISSION_LEVELS, type HotwashConfig, type Permission } from "../config/schema.js";
import { BASE_COMMANDS, DEFAULT_PERMISSIONS } from "./types.js";

export interface RequiredAccess {
  permission: Permission;
  /** "org/team" slugs, lower-cased, without "@"; the commenter must belong to at least one. Empty: no team check. */
  teams: string[];
}

/**
 * Who may run `/rawName`. A config rule's permission replaces the default (a repository may open
 * `/note` to readers as well as lock `/rollback` to maintainers); read is the floor by construction.
 * Severity keys (`sev1`) follow the `severity` rule, and a rule for the key itself wins over it.
 * Teams from both rules add up. Unknown names need admin: fail closed.
 */
export function requiredAccess(rawName: string, config: HotwashConfig): RequiredAccess {
  const name = rawName.toLowerCase();
  const isBase = (BASE_COMMANDS as readonly string[]).includes(name);
  const isSeverity = !isBase && Object.hasOwn(config.severities, name);
  if (!isBase && !isSeverity) return { permission: "admin", teams: [] };

  const defaultKey = isSeverity ? "severity" : (name as keyof typeof DEFAULT_PERMISSIONS);
  const rules = [isSeverity ? ruleFor(config, "severity") : undefined, ruleFor(config, name)];
  let permission: Permission = DEFAULT_PERMISSIONS[defaultKey];
  const teams = new Set<string>();
  for (const rule of rules) {
    if (rule?.permission) permission = rule.permission;
    for (const team of rule?.teams ?? []) teams.add(team.replace(/^@/, "").toLowerCase());
  }
  return { permission, teams: [...teams] };
}

/**
 * Access for a command line as written: `/status resolved` does what `/resolve` does, so it needs
 * whichever of the two rules is stricter (teams from both).
 */
export function requiredAccessFor(
  raw: { name: string; args: string },
  config: HotwashConfig,
): RequiredAccess {
  const access = requiredAccess(raw.name, config);
  if (raw.name !== "status" || raw.args.split(/\s+/)[0]?.toLowerCase() !== "resolved") return access;
  const resolve = requiredAccess("resolve", config);
  const stricter =
    PERMISSION_LEVELS.indexOf(resolve.permission) > PERMISSION_LEVELS.indexOf(access.permission);
  return {
    permission: stricter ? resolve.permission : access.permission,
    teams: [...new Set([...access.teams, ...resolve.teams])],
  };
}

/** `config.commands` is keyed by whatever the YAML said; own keys only, case-insensitively. */
function ruleFor(config: HotwashConfig, name: string): HotwashConfig["commands"][string] | undefined {
  const key = Object.keys(config.commands).find((k) => k.replace(/^\//, "").toLowerCase() === name);
  return key === undefined ? undefined : config.commands[key];
}

/**
 * Does GitHub's `role_name` meet `required`? Custom repository roles (names we don't know) count as
 * read, since each one builds on a base role we cannot see; "none" never passes.
 */
export function meetsPermission(actual: Permission | "none" | (string & {}), required: Permission): boolean {
  if (actual === "none") return false;
  const rank = Math.max(0, PERMISSION_LEVELS.indexOf(actual as Permission));
  return rank >= PERMISSION_LEVELS.indexOf(required);
}
