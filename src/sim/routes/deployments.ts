/** Deployments and their statuses: read, and created as a deploy job does. */
import { notFound, unprocessable } from "../errors.js";
import { resolveRef } from "../model/git.js";
import { addDeploymentStatus, createDeployment, type NewDeploymentStatus } from "../model/deployments.js";
import { deployment, deploymentStatus } from "../present/deployments.js";
import { intParam, ok, optRecord, optString, paged, repoOf, reqString, type Route } from "./context.js";

const STATES = new Set<string>([
  "error",
  "failure",
  "inactive",
  "pending",
  "success",
  "queued",
  "in_progress",
]);

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
    method: "POST",
    route: "/repos/{owner}/{repo}/deployments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = reqString(ctx, "ref");
      if (resolveRef(repo, ref) === undefined) throw unprocessable(`No ref found for: ${ref}`);
      const description = optString(ctx, "description");
      const dep = createDeployment(ctx.st, repo, {
        ref,
        ...(optString(ctx, "environment") ? { environment: optString(ctx, "environment") } : {}),
        ...(optString(ctx, "task") ? { task: optString(ctx, "task") } : {}),
        ...(description !== undefined ? { description } : {}),
        payload: optRecord(ctx, "payload") ?? {},
        creator: ctx.actor.login,
      });
      return ok(deployment(ctx.st, repo, dep), 201);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const dep = repo.deployments.find((d) => d.id === intParam(ctx, "deployment_id"));
      if (!dep) throw notFound();
      const state = reqString(ctx, "state");
      if (!STATES.has(state)) throw unprocessable(`state is not one of ${[...STATES].join(", ")}`);
      const text = (key: string) => optString(ctx, key);
      const spec: NewDeploymentStatus = {
        state: state as NewDeploymentStatus["state"],
        creator: ctx.actor.login,
      };
      const fields = {
        description: text("description"),
        environment: text("environment"),
        targetUrl: text("target_url"),
        logUrl: text("log_url"),
        environmentUrl: text("environment_url"),
      };
      for (const [key, value] of Object.entries(fields))
        if (value !== undefined) Object.assign(spec, { [key]: value });
      const created = deploymentStatus(ctx.st, repo, dep, addDeploymentStatus(ctx.st, dep, spec));
      ctx.hooks.onDeploymentStatus?.({
        repo: repo.fullName,
        deployment: deployment(ctx.st, repo, dep),
        status: created,
      });
      return ok(created, 201, { location: String(created["url"]) });
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
