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

const severitySchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  acknowledgeWithin: duration.nullable().default(null),
  resolveWithin: duration.nullable().default(null),
  updateEvery: duration.nullable().default(null),
  escalate: z.array(mention).default([]),
  checklist: z.array(z.string().min(1)).default([]),
});

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
});

export const DEFAULT_SEVERITIES: Record<string, z.input<typeof severitySchema>> = {
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

export const configSchema = z.strictObject({
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
      severitySchema,
    )
    .refine((s) => Object.keys(s).length > 0, "at least one severity is needed")
    .prefault(DEFAULT_SEVERITIES),
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
export type SeverityConfig = HotwashConfig["severities"][string];

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
