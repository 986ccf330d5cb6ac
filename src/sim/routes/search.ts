/**
 * Issue search (`GET /search/issues`): the qualifiers Hotwash's reminder sweep uses, with GitHub's
 * rules (256-character queries, `is:issue` or `is:pr` required, the first 1,000 results only).
 * Any other qualifier or free text is not simulated: it is reported as a violation.
 */
import { githubError } from "../errors.js";
import { findLabel } from "../model/repos.js";
import { pageParams, paginate } from "../pagination.js";
import { issue } from "../present/issues.js";
import type { IssueRec, RepoRec } from "../state.js";
import { ok, type Ctx, type Route } from "./context.js";

const MAX_QUERY = 256;
const MAX_RESULTS = 1000;

interface Query {
  kind?: "issue" | "pr";
  state?: "open" | "closed";
  /** Every group must match; within a group, any label (`label:a,b`). */
  labels: string[][];
  /** Repositories in scope (`repo:`, `org:`, `user:`); any of them. */
  scopes: ((repo: RepoRec) => boolean)[];
  archived?: boolean;
  updated: ((iso: string) => boolean)[];
}

function invalid(message: string): never {
  throw githubError(422, "Validation Failed", {
    errors: [{ message, resource: "Search", field: "q", code: "invalid" }],
  });
}

/** Split on spaces outside double quotes. */
function terms(q: string): string[] {
  return q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

function unquote(value: string): string[] {
  return (value.match(/"[^"]*"|[^,]+/g) ?? []).map((v) => v.replace(/^"|"$/g, "")).filter(Boolean);
}

/** `>=2026-01-01`, `<2026-01-01T10:00:00Z`, `2026-01-01`: a test on an ISO timestamp. */
function dateTest(value: string): (iso: string) => boolean {
  const m = /^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$/.exec(value);
  if (!m) return invalid(`${value} is not a valid date qualifier`);
  const op = m[1] ?? "";
  const bound = m[2] ?? "";
  const at = Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound);
  const dayEnd = bound.length === 10 ? at + 86_400_000 : at;
  return (iso) => {
    const t = Date.parse(iso);
    if (op === ">=") return t >= at;
    if (op === ">") return t >= dayEnd;
    if (op === "<=") return t < dayEnd;
    if (op === "<") return t < at;
    return t >= at && t < dayEnd;
  };
}

function parse(q: string): Query {
  if (q.length > MAX_QUERY) invalid(`The search is longer than ${MAX_QUERY} characters.`);
  const query: Query = { labels: [], scopes: [], updated: [] };
  for (const term of terms(q)) {
    const colon = term.indexOf(":");
    if (colon < 0) throw new Error(`free-text search ("${term}") is not simulated`);
    const key = term.slice(0, colon).toLowerCase();
    const value = term.slice(colon + 1);
    const lower = value.toLowerCase();
    if ((key === "is" || key === "type") && (lower === "issue" || lower === "pr" || lower === "pull-request"))
      query.kind = lower === "issue" ? "issue" : "pr";
    else if ((key === "is" || key === "state") && (lower === "open" || lower === "closed"))
      query.state = lower;
    else if (key === "label") query.labels.push(unquote(value));
    else if (key === "repo") {
      const full = value.replace(/^"|"$/g, "").toLowerCase();
      query.scopes.push((repo) => repo.fullName.toLowerCase() === full);
    } else if (key === "org" || key === "user") {
      const owner = lower.replace(/^"|"$/g, "");
      query.scopes.push((repo) => repo.owner.toLowerCase() === owner);
    } else if (key === "archived" && (lower === "true" || lower === "false"))
      query.archived = lower === "true";
    else if (key === "updated") query.updated.push(dateTest(value));
    else throw new Error(`search qualifier ${key}: is not simulated`);
  }
  if (!query.kind) invalid("Query must include 'is:issue' or 'is:pull-request'");
  return query;
}

function matches(repo: RepoRec, rec: IssueRec, query: Query): boolean {
  if ((query.kind === "pr") !== Boolean(rec.pull)) return false;
  if (query.state && rec.state !== query.state) return false;
  // The simulator has no archived repositories.
  if (query.archived === true) return false;
  if (query.scopes.length && !query.scopes.some((scope) => scope(repo))) return false;
  for (const group of query.labels) {
    if (!group.some((name) => rec.labels.includes(findLabel(repo, name)?.id ?? -1))) return false;
  }
  return query.updated.every((test) => test(rec.updatedAt));
}

export const searchRoutes: Route[] = [
  {
    method: "GET",
    route: "/search/issues",
    handler: (ctx: Ctx) => {
      const query = parse(ctx.query.get("q") ?? "");
      const { perPage, page } = pageParams(ctx.query);
      if ((page - 1) * perPage >= MAX_RESULTS)
        invalid(`Only the first ${MAX_RESULTS} search results are available`);
      const found = [...ctx.st.repos.values()].flatMap((repo) =>
        [...repo.issues.values()].filter((rec) => matches(repo, rec, query)).map((rec) => ({ repo, rec })),
      );
      const desc = ctx.query.get("order") !== "asc";
      const key = ctx.query.get("sort") === "created" ? "createdAt" : "updatedAt";
      found.sort((a, b) => (desc ? -1 : 1) * a.rec[key].localeCompare(b.rec[key]) || b.rec.id - a.rec.id);
      const { items, link } = paginate(found.slice(0, MAX_RESULTS), ctx.page);
      return ok(
        {
          total_count: found.length,
          incomplete_results: false,
          // The description has no null body for search results.
          items: items.map(({ repo, rec }) => ({
            ...issue(ctx.st, repo, rec),
            body: rec.body ?? "",
            score: 1,
          })),
          search_type: "lexical",
        },
        200,
        {
          // Search has its own, smaller rate limit.
          "x-ratelimit-resource": "search",
          "x-ratelimit-limit": "30",
          "x-ratelimit-remaining": "29",
          "x-ratelimit-used": "1",
          ...(link ? { link } : {}),
        },
      );
    },
  },
];
