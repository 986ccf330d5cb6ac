/** What route handlers receive and return, plus small helpers for reading requests. */
import { githubError, notFound } from "../errors.js";
import type { Actor } from "../model/issues.js";
import { repoOr404 } from "../model/repos.js";
import { paginate, type PageRequest } from "../pagination.js";
import type { RepoRec, SimState } from "../state.js";
import type { DeploymentStatusCreated, WorkflowDispatch } from "../types.js";
import { isRecord, sha1 } from "../util.js";

/** Simulator-level settings and hooks that handlers need. */
export interface SimHooks {
  ghesMode: boolean;
  dispatches: WorkflowDispatch[];
  onWorkflowDispatch: ((dispatch: WorkflowDispatch) => void) | undefined;
  onDeploymentStatus?: ((created: DeploymentStatusCreated) => void) | undefined;
}

export interface Ctx {
  st: SimState;
  hooks: SimHooks;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  actor: Actor;
  page: PageRequest;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply;

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  route: string;
  handler: Handler;
}

export function param(ctx: Ctx, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw notFound();
  return value;
}

export function intParam(ctx: Ctx, name: string): number {
  const value = Number(param(ctx, name));
  if (!Number.isInteger(value)) throw notFound();
  return value;
}

export function repoOf(ctx: Ctx): RepoRec {
  return repoOr404(ctx.st, param(ctx, "owner"), param(ctx, "repo"));
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/**
 * GitHub's conditional GET: the reply carries an ETag (a hash of its body), and a request whose
 * `If-None-Match` names it gets 304 Not Modified with no body (which does not count against the
 * rate limit).
 */
export function conditional(ctx: Ctx, reply: Reply): Reply {
  if (reply.status !== 200) return reply;
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const etag = `"${sha1(`${ctx.headers["accept"] ?? ""}\n${text}`)}"`;
  const headers = { ...reply.headers, etag };
  const asked = (ctx.headers["if-none-match"] ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  return asked.includes(etag) ? { status: 304, headers: { etag } } : { ...reply, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** Paginate (mapping only the page's items) and set the Link header. */
export function paged<T>(ctx: Ctx, all: readonly T[], map: (item: T) => unknown): Reply {
  const { items, link } = paginate(all, ctx.page);
  return { status: 200, body: items.map(map), headers: link ? { link } : {} };
}

// ---- request body accessors: GitHub answers 422 "Invalid request" for wrongly typed fields ----

function invalid(key: string, expected: string): never {
  throw githubError(422, `Invalid request.\n\nFor 'properties/${key}', value is not ${expected}.`);
}

export function bodyRecord(ctx: Ctx): Record<string, unknown> {
  if (ctx.body === undefined || ctx.body === null || ctx.body === "") return {};
  if (!isRecord(ctx.body)) throw githubError(400, "Problems parsing JSON");
  return ctx.body;
}

export function has(ctx: Ctx, key: string): boolean {
  return bodyRecord(ctx)[key] !== undefined;
}

export function optString(ctx: Ctx, key: string): string | undefined {
  const v = bodyRecord(ctx)[key];
  if (v === undefined) return undefined;
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") invalid(key, "a string");
  return v;
}

export function reqString(ctx: Ctx, key: string): string {
  const v = optString(ctx, key);
  if (v === undefined) throw githubError(422, `Invalid request.\n\n"${key}" wasn't supplied.`);
  return v;
}

export function optNullableString(ctx: Ctx, key: string): string | null | undefined {
  return bodyRecord(ctx)[key] === null ? null : optString(ctx, key);
}

export function optBool(ctx: Ctx, key: string): boolean | undefined {
  const v = bodyRecord(ctx)[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") invalid(key, "a boolean");
  return v;
}

/** An array of strings, also accepting `{ name }` objects (labels). */
export function optNames(ctx: Ctx, key: string): string[] | undefined {
  const v = bodyRecord(ctx)[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) invalid(key, "an array");
  return v.map((item: unknown) => {
    if (typeof item === "string") return item;
    if (isRecord(item) && typeof item["name"] === "string") return item["name"];
    return invalid(key, "an array of strings");
  });
}

export function optRecord(ctx: Ctx, key: string): Record<string, unknown> | undefined {
  const v = bodyRecord(ctx)[key];
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) invalid(key, "an object");
  return v;
}
