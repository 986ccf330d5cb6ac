/** Issue events, the timeline, and sub-issues. */
import { githubError, notFound } from "../errors.js";
import { issueOr404 } from "../model/issues.js";
import { addSubIssue, findIssueById } from "../model/sub-issues.js";
import { issue, issueEvent, listsAsIssueEvent, timeline } from "../present/issues.js";
import { bodyRecord, intParam, ok, optBool, paged, repoOf, type Route } from "./context.js";

export const eventRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/events",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      return paged(ctx, rec.events.filter(listsAsIssueEvent), (e) => issueEvent(ctx.st, repo, e));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/timeline",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      return paged(ctx, timeline(ctx.st, repo, rec), (item) => item());
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const parent = issueOr404(repo, intParam(ctx, "issue_number"));
      const id = bodyRecord(ctx)["sub_issue_id"];
      if (typeof id !== "number")
        throw githubError(422, 'Invalid request.\n\n"sub_issue_id" wasn\'t supplied.');
      const found = findIssueById(ctx.st, id);
      // Only same-repository sub-issues are simulated.
      if (!found || found.repo !== repo) throw notFound();
      addSubIssue(ctx.st, repo, parent, found.issue, ctx.actor, optBool(ctx, "replace_parent") ?? false);
      const obj = issue(ctx.st, repo, parent);
      return ok(obj, 201, { location: String(obj["url"]) });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const parent = issueOr404(repo, intParam(ctx, "issue_number"));
      const children = parent.subIssues.flatMap((n) => {
        const child = repo.issues.get(n);
        return child ? [child] : [];
      });
      return paged(ctx, children, (c) => issue(ctx.st, repo, c));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/parent",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      const parent = rec.parent === null ? undefined : repo.issues.get(rec.parent);
      if (!parent) throw notFound();
      return ok(issue(ctx.st, repo, parent));
    },
  },
];
