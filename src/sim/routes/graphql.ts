/**
 * The GraphQL queries the simulator answers: octokit-plugin-create-pull-request's branch lookup,
 * and an issue's cross-references and commit references (`timelineItems`, see graphql-timeline.ts).
 */
import { execute, NotSimulated, parseQuery } from "../gql.js";
import { branchSha } from "../model/git.js";
import { repoWeb } from "../present/repos.js";
import type { SimState } from "../state.js";
import { isRecord, nodeId } from "../util.js";
import type { Reply } from "./context.js";
import { queryRoot, TIMELINE_TYPES } from "./graphql-timeline.js";

/** Answer a GraphQL request, or undefined when the query is not simulated. */
export function graphql(st: SimState, body: unknown): Reply | undefined {
  if (!isRecord(body) || typeof body["query"] !== "string") return undefined;
  const vars = isRecord(body["variables"]) ? body["variables"] : {};
  if (
    !/repository\s*\(.*\)\s*\{\s*ref\s*\(qualifiedName:\s*\$head\)\s*\{\s*associatedPullRequests/s.test(
      body["query"],
    )
  ) {
    return timelineQuery(st, body["query"], vars);
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

/** `repository { issue { timelineItems } }`, or undefined when the query asks for anything not simulated. */
function timelineQuery(st: SimState, query: string, vars: Record<string, unknown>): Reply | undefined {
  try {
    const { data, errors } = execute(parseQuery(query), queryRoot(st), vars, TIMELINE_TYPES);
    return { status: 200, body: errors.length > 0 ? { data, errors } : { data } };
  } catch (error) {
    if (error instanceof NotSimulated) return undefined;
    throw error;
  }
}
