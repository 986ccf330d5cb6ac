import type { z } from "zod";
import { BASE_COMMANDS } from "../command/types.js";
import { configSchema, type HotwashConfig } from "./schema.js";

export type ConfigResult = { ok: true; config: HotwashConfig } | { ok: false; problems: string[] };

/** Validate raw YAML-parsed config; problems name the key path so a reply can say what to fix. */
export function parseConfig(raw: unknown): ConfigResult {
  const input = raw === null || raw === undefined ? {} : raw;
  const reserved = reservedKeys(input).map(
    (path) => `\`${path}\`: \`__proto__\` cannot be a key (JavaScript reserves it); rename it`,
  );
  const result = configSchema.safeParse(input);
  if (result.success) {
    const problems = [...reserved, ...crossCheck(result.data)];
    return problems.length ? { ok: false, problems } : { ok: true, config: result.data };
  }
  const problems = result.error.issues
    .map(describeIssue)
    .filter((p) => !reserved.length || !p.includes(PROTO));
  return { ok: false, problems: [...reserved, ...problems] };
}

const PROTO = "__proto__";

/**
 * Paths of `__proto__` keys anywhere in the file: zod leaves them out of the maps it builds, so
 * without this a severity or service of that name would vanish without a word.
 */
function reservedKeys(value: unknown, path: readonly string[] = []): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = [...path, key];
    return key === PROTO ? [at.join(".")] : reservedKeys(child, at);
  });
}

export const DEFAULT_CONFIG: HotwashConfig = configSchema.parse({});

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join(".") : "(top level)";
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? `${path}: ` : "";
    return `${where}unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
  }
  return `\`${path}\`: ${issue.message}`;
}

function crossCheck(config: HotwashConfig): string[] {
  const problems: string[] = [];
  const severities = Object.keys(config.severities);
  if (config.defaultSeverity !== null && !severities.includes(config.defaultSeverity)) {
    problems.push(
      `\`defaultSeverity\`: \`${config.defaultSeverity}\` is not one of the severities (${severities.join(", ")})`,
    );
  }
  const commandKeys = new Set([...BASE_COMMANDS, "severity", ...severities]);
  for (const key of Object.keys(config.commands)) {
    if (!commandKeys.has(key.replace(/^\//, "").toLowerCase())) {
      problems.push(
        `\`commands.${key}\`: not a command; use one of ${[...commandKeys].map((k) => `\`${k}\``).join(", ")}`,
      );
    }
  }
  for (const key of config.postmortem.requiredFor ?? []) {
    if (!severities.includes(key)) problems.push(`\`postmortem.requiredFor\`: unknown severity \`${key}\``);
  }
  return problems;
}
