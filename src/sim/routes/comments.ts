/** Issue comments and reactions (on comments and on issues). */
import { notFound, validationFailed } from "../errors.js";
import { addComment, commentOr404, deleteComment, editComment, issueOr404, react } from "../model/issues.js";
import { comment, reaction } from "../present/issues.js";
import type { CommentRec, ReactionRec } from "../state.js";
import type { ReactionContent } from "../types.js";
import {
  type Ctx,
  intParam,
  noContent,
  ok,
  paged,
  repoOf,
  reqString,
  type Reply,
  type Route,
} from "./context.js";

const CONTENTS = new Set(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]);

function reactionContent(ctx: Ctx): ReactionContent {
  const content = reqString(ctx, "content");
  if (!CONTENTS.has(content)) {
    throw validationFailed([{ resource: "Reaction", code: "invalid", field: "content", value: content }]);
  }
  return content as ReactionContent;
}

function addReaction(ctx: Ctx, list: ReactionRec[]): Reply {
  const { reaction: r, created } = react(ctx.st, list, ctx.actor.login, reactionContent(ctx));
  return ok(reaction(ctx.st, r), created ? 201 : 200);
}

function listReactions(ctx: Ctx, list: ReactionRec[]): Reply {
  const content = ctx.query.get("content");
  return paged(
    ctx,
    list.filter((r) => !content || r.content === content),
    (r) => reaction(ctx.st, r),
  );
}

function since(ctx: Ctx, comments: CommentRec[]): CommentRec[] {
  const value = ctx.query.get("since");
  if (!value) return comments;
  const t = Date.parse(value);
  return comments.filter((c) => Date.parse(c.updatedAt) >= t);
}

export const commentRoutes: Route[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      return paged(ctx, since(ctx, rec.comments), (c) => comment(ctx.st, repo, c));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const rec = issueOr404(repo, intParam(ctx, "issue_number"));
      const obj = comment(ctx.st, repo, addComment(ctx.st, repo, rec, ctx.actor, reqString(ctx, "body")));
      return ok(obj, 201, { location: String(obj["url"]) });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const all = [...repo.issues.values()].flatMap((i) => i.comments);
      const sort = ctx.query.get("sort");
      const desc = ctx.query.get("direction") === "desc";
      all.sort((a, b) => {
        const ka = sort === "updated" ? a.updatedAt : a.createdAt;
        const kb = sort === "updated" ? b.updatedAt : b.createdAt;
        return (ka.localeCompare(kb) || a.id - b.id) * (sort && desc ? -1 : 1);
      });
      return paged(ctx, since(ctx, all), (c) => comment(ctx.st, repo, c));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(comment(ctx.st, repo, commentOr404(repo, intParam(ctx, "comment_id")).comment));
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = reqString(ctx, "body");
      return ok(
        comment(ctx.st, repo, editComment(ctx.st, repo, intParam(ctx, "comment_id"), ctx.actor, body)),
      );
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (ctx) => {
      deleteComment(repoOf(ctx), intParam(ctx, "comment_id"));
      return noContent();
    },
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/pin",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const c = commentOr404(repo, intParam(ctx, "comment_id")).comment;
      c.pin ??= { at: ctx.st.nowIso(), by: ctx.actor.login };
      return ok(comment(ctx.st, repo, c));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/pin",
    handler: (ctx) => {
      const c = commentOr404(repoOf(ctx), intParam(ctx, "comment_id")).comment;
      c.pin = null;
      return noContent();
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    handler: (ctx) =>
      addReaction(ctx, commentOr404(repoOf(ctx), intParam(ctx, "comment_id")).comment.reactions),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    handler: (ctx) =>
      listReactions(ctx, commentOr404(repoOf(ctx), intParam(ctx, "comment_id")).comment.reactions),
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}",
    handler: (ctx) => {
      const c = commentOr404(repoOf(ctx), intParam(ctx, "comment_id")).comment;
      const id = intParam(ctx, "reaction_id");
      if (!c.reactions.some((r) => r.id === id)) throw notFound();
      c.reactions = c.reactions.filter((r) => r.id !== id);
      return noContent();
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/reactions",
    handler: (ctx) => addReaction(ctx, issueOr404(repoOf(ctx), intParam(ctx, "issue_number")).reactions),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/reactions",
    handler: (ctx) => listReactions(ctx, issueOr404(repoOf(ctx), intParam(ctx, "issue_number")).reactions),
  },
];
