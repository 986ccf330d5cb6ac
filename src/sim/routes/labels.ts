/** Repository labels and issue labels. */
import { githubError, notFound, validationFailed } from "../errors.js";
import { addLabels, issueOr404, removeLabel, setLabels } from "../model/issues.js";
import { addLabel, findLabel } from "../model/repos.js";
import { issueLabels, label } from "../present/issues.js";
import { isRecord } from "../util.js";
import {
  type Ctx,
  intParam,
  ok,
  optNullableString,
  optString,
  paged,
  param,
  repoOf,
  reqString,
  type Route,
} from "./context.js";

/** Label names from `{ labels: [...] }` or a bare array (both are accepted by GitHub). */
function labelNames(ctx: Ctx): string[] {
  const raw = Array.isArray(ctx.body) ? ctx.body : isRecord(ctx.body) ? ctx.body["labels"] : undefined;
  if (!Array.isArray(raw)) throw githubError(422, "Invalid request.\n\nNo labels were supplied.");
  return raw.map((item: unknown) => {
    if (typeof item === "string") return item;
    if (isRecord(item) && typeof item["name"] === "string") return item["name"];
    throw githubError(422, "Invalid request.\n\nLabels must be strings.");
  });
}

export const labelRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return paged(ctx, [...repo.labels.values()], (l) => label(ctx.st, repo, l));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const name = reqString(ctx, "name");
      if (findLabel(repo, name)) {
        throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      }
      const color = (optString(ctx, "color") ?? "ededed").replace(/^#/, "");
      const created = addLabel(ctx.st, repo, name, color, optNullableString(ctx, "description") ?? null);
      return ok(label(ctx.st, repo, created), 201);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/labels/{name}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const found = findLabel(repo, param(ctx, "name"));
      if (!found) throw notFound();
      return ok(label(ctx.st, repo, found));
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/labels/{name}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const found = findLabel(repo, param(ctx, "name"));
      if (!found) throw notFound();
      found.name = optString(ctx, "new_name") ?? found.name;
      found.color = (optString(ctx, "color") ?? found.color).replace(/^#/, "");
      const description = optNullableString(ctx, "description");
      if (description !== undefined) found.description = description;
      return ok(label(ctx.st, repo, found));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return paged(ctx, issueLabels(ctx.st, repo, issueOr404(repo, intParam(ctx, "issue_number"))), (l) => l);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      addLabels(ctx.st, repo, rec, ctx.actor, labelNames(ctx));
      return ok(issueLabels(ctx.st, repo, rec));
    },
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      setLabels(ctx.st, repo, rec, ctx.actor, labelNames(ctx));
      return ok(issueLabels(ctx.st, repo, rec));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      if (!removeLabel(ctx.st, repo, rec, ctx.actor, param(ctx, "name")))
        throw notFound("Label does not exist");
      return ok(issueLabels(ctx.st, repo, rec));
    },
  },
];
