/** The one GraphQL query the simulator answers: octokit-plugin-create-pull-request's branch lookup. */
import { branchSha } from "../model/git.js";
import { repoWeb } from "../present/repos.js";
import type { SimState } from "../state.js";
import { isRecord, nodeId } from "../util.js";
import type { Reply } from "./context.js";

/** Answer a GraphQL request, or undefined when the query is not simulated. */
export function graphql(st: SimState, body: unknown): Reply | undefined {
  if (!isRecord(body) || typeof body["query"] !== "string") return undefined;
  const vars = isRecord(body["variables"]) ? body["variables"] : {};
  if (
    !/repository\s*\(.*\)\s*\{\s*ref\s*\(qualifiedName:\s*\$head\)\s*\{\s*associatedPullRequests/s.test(
      body["query"],
    )
  ) {
    return undefined;
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
