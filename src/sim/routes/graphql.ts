/**
 * The GraphQL the simulator answers: octokit-plugin-create-pull-request's branch lookup, an
 * issue's cross-references and commit references (`timelineItems`, see graphql-timeline.ts),
 * `node(id:)` and `nodes(ids:)` for issue comments (with their last `editor`), `viewer`, and the
 * `minimizeComment` mutation.
 */
import { enumArg, execute, GqlError, gqlObject, type GqlObject, NotSimulated, parseQuery } from "../gql.js";
import { findComment } from "../model/issues.js";
import { branchSha } from "../model/git.js";
import { repoWeb } from "../present/repos.js";
import type { CommentRec, RepoRec, SimState } from "../state.js";
import { isRecord, nodeId } from "../util.js";
import type { Reply } from "./context.js";
import { actor, queryRoot, TIMELINE_TYPES } from "./graphql-timeline.js";

/** Answer a GraphQL request, or undefined when the query is not simulated. */
export function graphql(st: SimState, body: unknown, viewer: string): Reply | undefined {
  if (!isRecord(body) || typeof body["query"] !== "string") return undefined;
  const vars = isRecord(body["variables"]) ? body["variables"] : {};
  if (
    !/repository\s*\(.*\)\s*\{\s*ref\s*\(qualifiedName:\s*\$head\)\s*\{\s*associatedPullRequests/s.test(
      body["query"],
    )
  ) {
    return timelineQuery(st, body["query"], vars, viewer);
  }
  const repo = st.findRepo(String(vars["owner"]), String(vars["repo"]));
  if (!repo) {
    return {
      status: 200,
      body: {
        data: { repository: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["repository"],
            message: `Could not resolve to a Repository with the name '${String(vars["owner"])}/${String(vars["repo"])}'.`,
          },
        ],
      },
    };
  }
  const branch = String(vars["head"]).replace(/^refs\/heads\//, "");
  if (branchSha(repo, branch) === undefined)
    return { status: 200, body: { data: { repository: { ref: null } } } };
  const open = [...repo.issues.values()].filter(
    (i) => i.pull && i.state === "open" && i.pull.head === branch,
  );
  const edges = open.slice(0, 1).map((i) => ({
    node: {
      id: nodeId("PullRequest", i.pull?.id ?? i.id),
      number: i.number,
      url: `${repoWeb(st, repo)}/pull/${i.number}`,
    },
  }));
  return { status: 200, body: { data: { repository: { ref: { associatedPullRequests: { edges } } } } } };
}

/** Types a query or mutation may name beyond the timeline's. */
const KNOWN_TYPES: ReadonlySet<string> = new Set([
  ...TIMELINE_TYPES,
  "Mutation",
  "IssueComment",
  "Comment",
  "Minimizable",
  "MinimizeCommentPayload",
]);

/** `ReportedContentClassifiers`, GitHub's reasons for hiding a comment. */
const CLASSIFIERS = ["SPAM", "ABUSE", "OFF_TOPIC", "OUTDATED", "DUPLICATE", "RESOLVED"];
const MINIMIZE_INPUT = new Set(["subjectId", "classifier", "clientMutationId"]);

/** A query or mutation over the simulated schema, or undefined when it asks for anything not simulated. */
function timelineQuery(
  st: SimState,
  query: string,
  vars: Record<string, unknown>,
  viewer: string,
): Reply | undefined {
  try {
    const op = parseQuery(query);
    const root = op.kind === "mutation" ? mutationRoot(st) : withNode(st, queryRoot(st), viewer);
    const { data, errors } = execute(op, root, vars, KNOWN_TYPES);
    return { status: 200, body: errors.length > 0 ? { data, errors } : { data } };
  } catch (error) {
    if (error instanceof NotSimulated) return undefined;
    throw error;
  }
}

/** Query root plus `viewer` (the token's actor) and `node(id:)`, resolved for issue comments. */
function withNode(st: SimState, root: GqlObject, viewer: string): GqlObject {
  return gqlObject(root.__typename, root.memberOf, {
    ...root.fields,
    viewer: () => actor(st, viewer),
    node: (args) => {
      const id = args["id"];
      if (typeof id !== "string") throw new NotSimulated("id must be an ID");
      const found = commentWithRepo(st, id);
      if (!found)
        throw new GqlError(`Could not resolve to a node with the global id of '${id}'`, "NOT_FOUND");
      return issueCommentIn(st, found.repo, found.comment);
    },
    // The reminder sweep reads many boards at once; GitHub answers up to 100 ids, null for unknown ones.
    nodes: (args) => {
      const ids = args["ids"];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))
        throw new NotSimulated("ids must be [ID!]!");
      if (ids.length > 100) throw new GqlError("You may not request more than 100 nodes at once.");
      return ids.map((id) => {
        const found = commentWithRepo(st, id);
        if (!found)
          return new GqlError(`Could not resolve to a node with the global id of '${id}'`, "NOT_FOUND");
        return issueCommentIn(st, found.repo, found.comment);
      });
    },
  });
}

function mutationRoot(st: SimState): GqlObject {
  return gqlObject("Mutation", [], {
    minimizeComment: (args) => {
      const input = args["input"];
      if (!isRecord(input)) throw new NotSimulated("minimizeComment needs input: MinimizeCommentInput!");
      const unknown = Object.keys(input).filter((key) => !MINIMIZE_INPUT.has(key));
      if (unknown.length) throw new NotSimulated(`MinimizeCommentInput has no field ${unknown.join(", ")}`);
      const subjectId = input["subjectId"];
      const classifier = enumArg(input["classifier"]);
      if (typeof subjectId !== "string") throw new NotSimulated("subjectId must be an ID");
      if (!classifier || !CLASSIFIERS.includes(classifier)) {
        throw new NotSimulated(`classifier must be one of ${CLASSIFIERS.join(", ")}`);
      }
      const found = commentByNodeId(st, subjectId);
      if (!found) {
        throw new GqlError(`Could not resolve to a node with the global id of '${subjectId}'`, "NOT_FOUND");
      }
      found.minimized = classifier;
      const clientMutationId =
        typeof input["clientMutationId"] === "string" ? input["clientMutationId"] : null;
      return gqlObject("MinimizeCommentPayload", [], {
        clientMutationId: () => clientMutationId,
        minimizedComment: () => issueComment(found),
      });
    },
  });
}

function issueComment(rec: CommentRec): GqlObject {
  return gqlObject("IssueComment", ["Comment", "Minimizable", "Node"], {
    id: () => nodeId("IssueComment", rec.id),
    databaseId: () => rec.id,
    body: () => rec.body,
    isMinimized: () => rec.minimized !== undefined,
    // GitHub words the reason differently from the classifier it was given: OFF_TOPIC → "off-topic".
    minimizedReason: () => rec.minimized?.toLowerCase().replace(/_/g, "-") ?? null,
  });
}

/** The comment behind a REST `node_id` (the simulator's ids: base64 of `<length>:IssueComment<id>`). */
function commentByNodeId(st: SimState, id: string): CommentRec | undefined {
  return commentWithRepo(st, id)?.comment;
}

function commentWithRepo(st: SimState, id: string): { repo: RepoRec; comment: CommentRec } | undefined {
  const match = /^(\d\d):IssueComment(\d+)$/.exec(Buffer.from(id, "base64").toString("utf8"));
  if (!match || match[1] !== "12") return undefined;
  const commentId = Number(match[2]);
  for (const repo of st.repos.values()) {
    const found = findComment(repo, commentId);
    if (found) return { repo, comment: found.comment };
  }
  return undefined;
}

/** An issue comment with what a reader of the board needs: author, times and its page. */
function issueCommentIn(st: SimState, repo: RepoRec, rec: CommentRec): GqlObject {
  const base = issueComment(rec);
  return gqlObject(base.__typename, base.memberOf, {
    ...base.fields,
    author: () => actor(st, rec.user),
    editor: () => (rec.editor ? actor(st, rec.editor) : null),
    createdAt: () => rec.createdAt,
    lastEditedAt: () => (rec.editor ? rec.updatedAt : null),
    url: () => `${repoWeb(st, repo)}/issues/${rec.issueNumber}#issuecomment-${rec.id}`,
  });
}
