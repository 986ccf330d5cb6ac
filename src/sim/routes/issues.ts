/** Issues: list, create, get, update. */
import { validationFailed } from "../errors.js";
import {
  closeIssue,
  createIssue,
  editIssueBody,
  issueOr404,
  renameIssue,
  reopenIssue,
  setAssignees,
  setLabels,
} from "../model/issues.js";
import { findLabel } from "../model/repos.js";
import { isCollaborator } from "../model/users.js";
import { issue } from "../present/issues.js";
import type { IssueRec, RepoRec } from "../state.js";
import {
  type Ctx,
  has,
  intParam,
  ok,
  optNames,
  optNullableString,
  optString,
  paged,
  repoOf,
  reqString,
  type Route,
} from "./context.js";

/** Assignees from `assignees` or the legacy `assignee`; 422 for users who cannot be assigned. */
function assigneesOf(ctx: Ctx, repo: RepoRec): string[] | undefined {
  const list =
    optNames(ctx, "assignees") ?? (has(ctx, "assignee") ? [optString(ctx, "assignee") ?? ""] : undefined);
  if (!list) return undefined;
  const wanted = list.filter((l) => l !== "");
  const bad = wanted.filter((login) => !ctx.st.findUser(login) || !isCollaborator(ctx.st, repo, login));
  if (bad.length > 0) {
    throw validationFailed(
      bad.map((value) => ({ value, resource: "Issue", field: "assignees", code: "invalid" })),
    );
  }
  return wanted;
}

function matches(repo: RepoRec, rec: IssueRec, q: URLSearchParams): boolean {
  const state = q.get("state") ?? "open";
  if (state !== "all" && rec.state !== state) return false;
  const labels = q.get("labels");
  if (labels) {
    for (const name of labels.split(",").map((l) => l.trim())) {
      const l = findLabel(repo, name);
      if (!l || !rec.labels.includes(l.id)) return false;
    }
  }
  const assignee = q.get("assignee");
  if (assignee === "none" && rec.assignees.length > 0) return false;
  if (assignee === "*" && rec.assignees.length === 0) return false;
  if (assignee && assignee !== "none" && assignee !== "*") {
    if (!rec.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) return false;
  }
  const creator = q.get("creator");
  if (creator && rec.user.toLowerCase() !== creator.toLowerCase()) return false;
  const since = q.get("since");
  if (since && rec.updatedAt < since) return false;
  return true;
}

export const issueRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sort = ctx.query.get("sort") ?? "created";
      const dir = ctx.query.get("direction") === "asc" ? 1 : -1;
      const key = (i: IssueRec): string | number =>
        sort === "updated" ? i.updatedAt : sort === "comments" ? i.comments.length : i.createdAt;
      const all = [...repo.issues.values()]
        .filter((i) => matches(repo, i, ctx.query))
        .sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          return (ka < kb ? -1 : ka > kb ? 1 : a.number - b.number) * dir;
        });
      return paged(ctx, all, (i) => issue(ctx.st, repo, i));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const title = reqString(ctx, "title");
      const assignees = assigneesOf(ctx, repo);
      const rec = createIssue(ctx.st, repo, ctx.actor, {
        title,
        body: optNullableString(ctx, "body") ?? null,
        labels: optNames(ctx, "labels") ?? [],
        assignees: assignees ?? [],
      });
      const obj = issue(ctx.st, repo, rec);
      return ok(obj, 201, { location: String(obj["url"]) });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(issue(ctx.st, repo, issueOr404(repo, intParam(ctx, "issue_number"))));
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      const assignees = assigneesOf(ctx, repo);
      const title = optString(ctx, "title");
      if (title !== undefined) renameIssue(ctx.st, rec, ctx.actor, title);
      if (has(ctx, "body"))
        editIssueBody(ctx.st, repo, rec, ctx.actor, optNullableString(ctx, "body") ?? null);
      const labels = optNames(ctx, "labels");
      if (labels) setLabels(ctx.st, repo, rec, ctx.actor, labels);
      if (assignees) setAssignees(ctx.st, rec, ctx.actor, assignees);
      const state = optString(ctx, "state");
      const reason = optNullableString(ctx, "state_reason") ?? null;
      if (state === "closed") closeIssue(ctx.st, rec, ctx.actor, reason);
      if (state === "open") reopenIssue(ctx.st, rec, ctx.actor);
      return ok(issue(ctx.st, repo, rec));
    },
  },
];
