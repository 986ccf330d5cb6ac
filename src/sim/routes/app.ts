/** GitHub App authentication, installation lookup and repository metadata. */
import { notFound } from "../errors.js";
import { permissionOf } from "../model/users.js";
import { installation, integration, APP_PERMISSIONS } from "../present/app.js";
import { repository } from "../present/repos.js";
import { iso } from "../util.js";
import { paginate } from "../pagination.js";
import { intParam, ok, paged, repoOf, type Ctx, type Route } from "./context.js";

/** Whether the app is installed under this id. */
function installed(st: Ctx["st"], id: number): boolean {
  return id === st.app.installationId || Boolean(st.app.moreInstallationIds?.includes(id));
}

export const appRoutes: Route[] = [
  {
    method: "POST",
    route: "/app/installations/{installation_id}/access_tokens",
    handler: (ctx) => {
      if (!installed(ctx.st, intParam(ctx, "installation_id"))) throw notFound();
      const token = `ghs_sim${String(ctx.st.nextId()).padStart(33, "0")}`;
      ctx.st.tokens.set(token, ctx.st.botLogin);
      const expires = new Date(ctx.st.now().getTime() + 60 * 60 * 1000);
      return ok(
        {
          token,
          expires_at: iso(expires),
          permissions: { ...APP_PERMISSIONS },
          repository_selection: ctx.st.app.repositories ? "selected" : "all",
        },
        201,
      );
    },
  },
  { method: "GET", route: "/app", handler: (ctx) => ok(integration(ctx.st)) },
  {
    method: "GET",
    route: "/app/installations",
    handler: (ctx) => paged(ctx, [installation(ctx.st)], (i) => i),
  },
  {
    method: "GET",
    route: "/installation/repositories",
    handler: (ctx) => {
      const selected = ctx.st.app.repositories?.map((name) => name.toLowerCase());
      const repos = [...ctx.st.repos.values()].filter(
        (r) => !selected || selected.includes(r.fullName.toLowerCase()),
      );
      const { items, link } = paginate(repos, ctx.page);
      return ok(
        {
          total_count: repos.length,
          repositories: items.map((r) => repository(ctx.st, r, "write")),
          repository_selection: selected ? "selected" : "all",
        },
        200,
        link ? { link } : {},
      );
    },
  },
  {
    method: "GET",
    route: "/app/installations/{installation_id}",
    handler: (ctx) => {
      if (intParam(ctx, "installation_id") !== ctx.st.app.installationId) throw notFound();
      return ok(installation(ctx.st));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/installation",
    handler: (ctx) => ok(installation(ctx.st, repoOf(ctx).owner)),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(repository(ctx.st, repo, permissionOf(ctx.st, repo, ctx.actor.login)));
    },
  },
];
