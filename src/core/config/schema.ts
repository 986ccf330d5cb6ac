import { z } from "zod";
import { DURATION_PATTERN, parseDuration } from "./duration.js";

/** Repository permission levels, lowest first; GitHub's `role_name` values. */
export const PERMISSION_LEVELS = ["read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSION_LEVELS)[number];

export const STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type Status = (typeof STATUSES)[number];

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'must be a duration like "15m", "4h" or "7d"')
  .transform((text) => parseDuration(text) ?? 0);

/** "@org/team" or "@user": who a raise of severity mentions. */
const mention = z.string().regex(/^@[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?$/, 'must be "@user" or "@org/team"');
const teamRef = z.string().regex(/^@?[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, 'must be "org/team"');
const workflowFile = z
  .string()
  .regex(/^[\w.-]+\.ya?ml$/, 'must be a workflow file name like "hotwash-diagnose.yml"');
const serviceName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Links shown on the board and in replies: only web addresses, never `javascript:` or `file:`. */
const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an http(s) URL like "https://example.com/runbook"',
});

/**
 * What a file says about one severity. Every field is optional because a file that names only
 * default keys changes just the fields it names; a new key needs `name` (see `resolveSeverities`).
 */
const severityEntry = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  acknowledgeWithin: duration.nullable().optional(),
  resolveWithin: duration.nullable().optional(),
  updateEvery: duration.nullable().optional(),
  escalate: z.array(mention).optional(),
  checklist: z.array(z.string().min(1)).optional(),
});

export interface SeverityConfig {
  name: string;
  description: string;
  acknowledgeWithin: number | null;
  resolveWithin: number | null;
  updateEvery: number | null;
  escalate: string[];
  checklist: string[];
}

/** The fields a new severity leaves out. */
const NEW_SEVERITY: Omit<SeverityConfig, "name"> = {
  description: "",
  acknowledgeWithin: null,
  resolveWithin: null,
  updateEvery: null,
  escalate: [],
  checklist: [],
};

const commandRule = z.strictObject({
  permission: z.enum(PERMISSION_LEVELS).optional(),
  teams: z.array(teamRef).default([]),
});

const workflowRef = z.strictObject({
  workflow: workflowFile,
  /** Branch or tag the workflow runs on; null means the repository's default branch. Never from a comment. */
  ref: z.string().min(1).nullable().default(null),
});

const serviceSchema = z.strictObject({
  /** Deployments API environment whose history /rollback consults. */
  environment: z.string().min(1).nullable().default(null),
  diagnose: workflowFile.nullable().default(null),
  rollback: workflowFile.nullable().default(null),
  /** Teams that own it: shown on the board and in `/help`, paged when an incident on it escalates. */
  owners: z.array(teamRef).default([]),
  runbook: httpUrl.nullable().default(null),
  /** Dashboard name → URL, linked on the board. */
  dashboards: z.record(z.string().min(1).max(60), httpUrl).default({}),
  /** Criticality, 1 (most critical) to 4; shown, never used to pick a severity. */
  tier: z.number().int().min(1).max(4).nullable().default(null),
});

export const DEFAULT_SEVERITIES: Record<string, z.input<typeof severityEntry> & { name: string }> = {
  sev1: {
    name: "Critical",
    description: "Outage, data loss or security breach",
    acknowledgeWithin: "15m",
    resolveWithin: "1h",
    updateEvery: "30m",
    escalate: [],
    checklist: [
      "Commander assigned",
      "Status page updated",
      "Stakeholders notified",
      "Mitigation (rollback first) under way",
      "Customer support briefed",
    ],
  },
  sev2: {
    name: "High",
    description: "Major function impaired",
    acknowledgeWithin: "30m",
    resolveWithin: "4h",
    updateEvery: "60m",
    escalate: [],
    checklist: ["Commander assigned", "Status page updated", "Stakeholders notified", "Mitigation under way"],
  },
  sev3: {
    name: "Medium",
    description: "Minor function affected",
    acknowledgeWithin: "2h",
    resolveWithin: "24h",
    updateEvery: "4h",
    escalate: [],
    checklist: ["Commander assigned", "Root cause identified"],
  },
  sev4: {
    name: "Low",
    description: "Cosmetic, no user impact",
    acknowledgeWithin: "24h",
    resolveWithin: "7d",
    updateEvery: null,
    escalate: [],
    checklist: ["Owner assigned"],
  },
};

const DEFAULT_LADDER: Record<string, SeverityConfig> = Object.fromEntries(
  Object.entries(DEFAULT_SEVERITIES).map(([key, entry]) => [
    key,
    { ...NEW_SEVERITY, ...severityEntry.parse(entry), name: entry.name },
  ]),
);

type SeverityEntries = Record<string, z.output<typeof severityEntry> | null>;

const SEVERITIES_RULE =
  "Most severe first; each key is a command and a label. Naming only sev1-sev4 changes just the fields named (a key with no value drops that level); naming any other key replaces the defaults, and every level then needs a name.";

/**
 * A file that names only default keys (sev1–sev4) changes just the fields it names, and a key
 * with no value (`sev4:`) drops that level; naming any other key makes the file the whole ladder,
 * in its order, and every level in it needs a name.
 */
function resolveSeverities(
  entries: SeverityEntries | undefined,
  ctx: z.core.$RefinementCtx<SeverityEntries | undefined>,
): Record<string, SeverityConfig> {
  const named = Object.entries(entries ?? {});
  const newKeys = named.map(([key]) => key).filter((key) => !Object.hasOwn(DEFAULT_LADDER, key));
  const ladder: Record<string, SeverityConfig> = {};
  if (!newKeys.length) {
    for (const [key, defaults] of Object.entries(DEFAULT_LADDER)) {
      const entry = entries?.[key];
      if (entry !== null) ladder[key] = { ...defaults, ...entry };
    }
  } else {
    const why = `needed because \`${newKeys[0]}\` is not a default severity, so this file's severities replace sev1–sev4 (a file naming only sev1–sev4 changes just the fields it names)`;
    for (const [key, entry] of named) {
      if (entry === null) continue;
      if (entry.name === undefined) {
        ctx.issues.push({ code: "custom", message: why, path: [key, "name"], input: entry });
        continue;
      }
      ladder[key] = { ...NEW_SEVERITY, ...entry, name: entry.name };
    }
  }
  if (!Object.keys(ladder).length && !ctx.issues.length) {
    ctx.issues.push({ code: "custom", message: "at least one severity is needed", input: entries });
  }
  return ladder;
}

/** `_extends` values Probot's config loader understands: `repo`, `owner/repo`, optionally `:path.yml`. */
const EXTENDS_PATTERN = /^(?:[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}\/)?[-_.\w\d]+(?::[-_./\w\d]+\.ya?ml)?$/i;

export const configSchema = z.strictObject({
  /**
   * Inherit another repository's config. The App's and the Action's loader fetches it, merges this
   * file over it (maps key by key, lists and values replaced) and drops the key; only
   * `validate-config`, reading the file as written, sees it here.
   */
  _extends: z
    .string()
    .regex(EXTENDS_PATTERN, 'must name a repository: "repo", "owner/repo" or "owner/repo:path/file.yml"')
    .meta({
      description:
        'Inherit another repository\'s Hotwash config ("repo", "owner/repo" or "owner/repo:path/file.yml"); this file is merged over it.',
    })
    .optional(),
  labels: z
    .strictObject({
      incident: z.string().min(1).default("incident"),
      drill: z.string().min(1).default("drill"),
      statusPrefix: z.string().default("status:"),
      actionItem: z.string().min(1).default("action-item"),
      postmortem: z.string().min(1).default("postmortem"),
    })
    .prefault({}),
  /** Ordered most severe first; the keys are the commands (/sev1) and the labels. */
  severities: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "severity keys are short lowercase words like sev1"),
      severityEntry.nullable(),
    )
    .meta({ description: SEVERITIES_RULE })
    .optional()
    .transform(resolveSeverities),
  /** Severity for `/incident`, `/drill` and issue-form declarations that name none. */
  defaultSeverity: z.string().nullable().default(null),
  roles: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "role names are lowercase words like tech-lead"))
    .default(["comms", "tech-lead", "scribe"]),
  /** Per-command overrides: raise the permission or require team membership. */
  commands: z.record(z.string(), commandRule).default({}),
  /** Time zone for /timeline times without "Z": an IANA name like "Europe/Berlin". */
  timezone: z
    .string()
    .refine((zone) => isTimeZone(zone), "must be an IANA time zone like UTC or Europe/Berlin")
    .default("UTC"),
  services: z
    .record(
      z.string().regex(serviceName, "service names are letters, digits, . _ -"),
      serviceSchema.prefault({}),
    )
    .default({}),
  workflows: z
    .strictObject({
      diagnose: workflowRef.prefault({ workflow: "hotwash-diagnose.yml" }),
      rollback: workflowRef.prefault({ workflow: "hotwash-rollback.yml" }),
    })
    .prefault({}),
  suspects: z.strictObject({ window: duration.default(86_400_000) }).prefault({}),
  postmortem: z
    .strictObject({
      directory: z.string().min(1).default("docs/postmortems"),
      template: z.string().min(1).default(".github/hotwash/postmortem.md"),
      dueWithin: duration.default(172_800_000),
      /** null: the two most severe configured levels (sev1 and sev2 by default). */
      requiredFor: z.array(z.string()).nullable().default(null),
    })
    .prefault({}),
  actionItems: z
    .strictObject({
      closeIncidentWhenDone: z.boolean().default(true),
      defaultPriority: z.enum(["P0", "P1", "P2", "P3"]).default("P2"),
    })
    .prefault({}),
  reminders: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  /** Longest free text accepted in a command (notes, status messages, titles). */
  maxTextLength: z.number().int().min(20).max(10_000).default(1000),
});

export type HotwashConfig = z.output<typeof configSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Severities that owe a post-mortem: as configured, else the two most severe levels. */
export function postmortemRequiredFor(config: HotwashConfig): string[] {
  return config.postmortem.requiredFor ?? Object.keys(config.severities).slice(0, 2);
}

/** `defaultSeverity`, else sev3 when configured, else the least severe configured. */
export function defaultSeverityKey(config: HotwashConfig): string {
  const keys = Object.keys(config.severities);
  if (config.defaultSeverity && keys.includes(config.defaultSeverity)) return config.defaultSeverity;
  return keys.includes("sev3") ? "sev3" : (keys[keys.length - 1] ?? "sev3");
}
