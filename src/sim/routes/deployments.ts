/** Deployments (read) and their statuses. */
import { notFound } from "../errors.js";
import { deployment, deploymentStatus } from "../present/deployments.js";
import { intParam, ok, paged, repoOf, type Route } from "./context.js";

export const deploymentRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const q = ctx.query;
      const list = repo.deployments
        .filter(
          (d) =>
            (!q.get("environment") || d.environment === q.get("environment")) &&
            (!q.get("sha") || d.sha === q.get("sha")) &&
            (!q.get("ref") || d.ref === q.get("ref")) &&
            (!q.get("task") || d.task === q.get("task")),
        )
        .reverse();
      return paged(ctx, list, (d) => deployment(ctx.st, repo, d));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const dep = repo.deployments.find((d) => d.id === intParam(ctx, "deployment_id"));
      if (!dep) throw notFound();
      return ok(deployment(ctx.st, repo, dep));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const dep = repo.deployments.find((d) => d.id === intParam(ctx, "deployment_id"));
      if (!dep) throw notFound();
      return paged(ctx, [...dep.statuses].reverse(), (s) => deploymentStatus(ctx.st, repo, dep, s));
    },
  },
];
