import { z } from "zod";
import { STATUSES } from "../config/schema.js";
import type { IncidentEvent } from "./events.js";
import type { IncidentState } from "./state.js";

/**
 * The shape of every entry and state field the hidden data may hold, checked strictly: one schema
 * per entry type, no unknown fields, logins that are logins (never `@org/team`, never markup),
 * bounded text. Hotwash wrote the data it trusts (see the seal check in the services); this is what
 * keeps anything else (an older version's bug, a hand-edited block) from reaching labels,
 * assignees or the board's markdown.
 */

/** A GitHub login (people, `[bot]` accounts, GHES's `_`-suffixed managed users), or `ghost`/`unknown`. */
const login = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(\[bot\])?$/, "not a login");
const time = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, "not an ISO time");
/** Free text people wrote (notes, titles, messages): no longer than a comment; every renderer escapes it. */
const text = z.string().max(65_536);
const url = z
  .string()
  .max(2_000)
  .regex(/^https?:\/\/[^\s<>"`]+$/, "not an http(s) URL");
const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const severityKey = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "not a severity key");
const role = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "not a role name");
const service = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "not a service name");
/** Refs, workflow paths, environments: code-like strings, shown only as code spans. */
const token = z.string().regex(/^[^\s`<>]{1,300}$/, "not a ref");
const status = z.enum(STATUSES);
const command = z.enum(["diagnose", "rollback"]);
const conclusion = z
  .string()
  .regex(/^[a-z_]{1,40}$/)
  .nullable();
const word = z.string().regex(/^[\w-]{1,40}$/, "not a word");

const base = { at: time, actor: login, source: id.optional() };
const entry = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ ...base, type: z.literal(type), ...shape });

const suspectDeployment = z.strictObject({
  service: token,
  environment: token,
  ref: token,
  sha: z.string().regex(/^[0-9a-f]{4,64}$/i),
  at: time,
  creator: login,
  state: word.nullable(),
});
const suspectPull = z.strictObject({ number: id, title: text, author: login, mergedAt: time, url });
const deploymentChange = {
  deploymentId: id,
  statusId: id,
  service: service.nullable(),
  environment: token,
  ref: token,
  sha: suspectDeployment.shape.sha,
  state: word,
  creator: login,
  url: url.nullable(),
};
/** What the board keeps of a failed deployment until one there succeeds. */
const failedDeployment = z.strictObject({
  service: service.nullable(),
  environment: token,
  ref: token,
  sha: suspectDeployment.shape.sha,
  state: word,
  at: time,
  url: url.nullable(),
});
const suspects = {
  windowStart: time,
  deployments: z.array(suspectDeployment).max(1_000),
  pulls: z.array(suspectPull).max(1_000),
};
const actionItemFields = {
  title: text,
  owner: login.nullable(),
  due: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  priority: word,
  issue: id.nullable(),
};
const postmortem = { pullNumber: id, url, path: token };

export const eventSchema = z.discriminatedUnion("type", [
  entry("declared", {
    title: text,
    severity: severityKey,
    drill: z.boolean(),
    commander: login.nullable(),
  }),
  entry("severity", { from: severityKey.nullable(), to: severityKey }),
  entry("status", { status, message: text.nullable() }),
  entry("commander", { user: login }),
  entry("role", { role, user: login }),
  entry("note", { text }),
  entry("backdated", { text, recordedAt: time }),
  entry("closed", {}),
  entry("reopened", {}),
  entry("services", { services: z.array(service).max(100) }),
  entry("dispatch", {
    command,
    service,
    workflow: token,
    ref: token.nullable(),
    runId: id.nullable(),
    runUrl: url.nullable(),
  }),
  entry("run", {
    runId: id,
    workflow: token,
    phase: z.enum(["requested", "completed"]),
    conclusion,
    url,
    durationMs: id.nullable(),
  }),
  entry("report", { runUrl: url.nullable(), status: word, summary: text, commentUrl: url.nullable() }),
  entry("action-item", actionItemFields),
  entry("action-item-closed", { issue: id }),
  entry("action-item-reopened", { issue: id }),
  entry("postmortem", postmortem),
  entry("postmortem-merged", { pullNumber: id }),
  entry("reminder", { key: text, text }),
  entry("suspects", suspects),
  entry("deployment", deploymentChange),
  entry("merged", { number: id, title: text, author: login, mergedAt: time, url }),
  entry("correction", { entry: id.min(1), text: text.nullable(), to: time.nullable() }),
  entry("retraction", { entry: id.min(1) }),
]);

const dispatchInfo = z.strictObject({
  command,
  service,
  workflow: token,
  ref: token.nullable(),
  actor: login,
  at: time,
  runId: id.nullable(),
  runUrl: url.nullable(),
  conclusion,
  completedAt: time.nullable(),
});

const actionItem = z.strictObject({ ...actionItemFields, done: z.boolean() });

/** The folded state the board keeps for its sealed part. Fields a later version adds are optional. */
export const stateSchema = z
  .strictObject({
    declared: z.boolean(),
    drill: z.boolean(),
    title: text,
    severity: severityKey.nullable(),
    status,
    commander: login.nullable(),
    roles: z.record(role, login),
    milestones: z.strictObject({
      declaredAt: time.nullable(),
      acknowledgedAt: time.nullable(),
      mitigatedAt: time.nullable(),
      resolvedAt: time.nullable(),
    }),
    lastUpdateAt: time.nullable(),
    statusMessage: z.strictObject({ text, at: time, actor: login }).nullable(),
    closed: z.boolean(),
    services: z.array(service).max(100),
    participants: z.array(login).max(10_000),
    dispatches: z.array(dispatchInfo).max(1_000),
    actionItems: z.array(actionItem).max(10_000),
    postmortem: z.strictObject(postmortem).nullable(),
    postmortemMergedAt: time.nullable(),
    reminders: z.array(text).max(1_000),
    suspects: z.strictObject(suspects).nullable(),
    declaredBy: login.nullable(),
    commanders: z.array(login).max(10_000),
    dispatchCount: id,
    runs: z.array(z.string().max(200)).max(1_000),
    changes: z.array(z.string().max(100)).max(1_000),
    failedDeployments: z.array(failedDeployment).max(100),
    logLength: id,
  })
  .partial()
  .required({ declared: true, status: true });

/** Ids of comments (idempotency keys). */
export const idList = z.array(id.min(1)).max(100_000);

const eventList = z.array(eventSchema).max(100_000);

/*
 * The checked value itself is returned, not zod's copy: the schemas have no transforms and allow no
 * unknown keys, and the original keeps its key order, which page hashes and the comparison of
 * entries between concurrent writers (JSON of each entry) depend on.
 */

export function parseEvents(value: unknown): IncidentEvent[] | null {
  return eventList.safeParse(value).success ? (value as IncidentEvent[]) : null;
}

export function parseState(value: unknown): Partial<IncidentState> | null {
  return stateSchema.safeParse(value).success ? (value as Partial<IncidentState>) : null;
}

export function parseIds(value: unknown): number[] | null {
  return idList.safeParse(value).success ? (value as number[]) : null;
}
