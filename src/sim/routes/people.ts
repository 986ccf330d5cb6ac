/** Assignees, collaborator permissions and team membership. */
import { notFound } from "../errors.js";
import { addAssignees, issueOr404, removeAssignees } from "../model/issues.js";
import { isCollaborator, legacyPermission, permissionFlags, permissionOf, teamKey } from "../model/users.js";
import { issue } from "../present/issues.js";
import { simpleUser } from "../present/users.js";
import { intParam, noContent, ok, optNames, param, repoOf, type Route } from "./context.js";

export const peopleRoutes: Route[] = [
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      // GitHub silently ignores users who cannot be assigned.
      const assignable = (optNames(ctx, "assignees") ?? []).filter(
        (login) => ctx.st.findUser(login) && isCollaborator(ctx.st, repo, login),
      );
      addAssignees(ctx.st, rec, ctx.actor, assignable);
      return ok(issue(ctx.st, repo, rec), 201);
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      removeAssignees(ctx.st, rec, ctx.actor, optNames(ctx, "assignees") ?? []);
      return ok(issue(ctx.st, repo, rec));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/assignees/{assignee}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const login = param(ctx, "assignee");
      if (!ctx.st.findUser(login) || !isCollaborator(ctx.st, repo, login)) throw notFound();
      return noContent();
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/collaborators/{username}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const login = param(ctx, "username");
      if (!ctx.st.findUser(login) || !isCollaborator(ctx.st, repo, login)) throw notFound();
      return noContent();
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const user = ctx.st.findUser(param(ctx, "username"));
      if (!user) throw notFound();
      const perm = permissionOf(ctx.st, repo, user.login);
      return ok({
        permission: legacyPermission(perm),
        role_name: perm,
        user: { ...simpleUser(ctx.st, user.login), permissions: permissionFlags(perm), role_name: perm },
      });
    },
  },
  {
    method: "GET",
    route: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    handler: (ctx) => {
      const org = param(ctx, "org");
      const slug = param(ctx, "team_slug");
      const login = param(ctx, "username");
      const team = ctx.st.teams.get(teamKey(org, slug));
      const role = team && [...team].find(([who]) => who.toLowerCase() === login.toLowerCase())?.[1];
      if (!role) throw notFound();
      const orgUser = ctx.st.findUser(org);
      return ok({
        url: `${ctx.st.api}/organizations/${orgUser?.id ?? 0}/team/${slug}/memberships/${encodeURIComponent(login)}`,
        role,
        state: "active",
      });
    },
  },
];
