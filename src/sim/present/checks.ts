/** `check-run` and `check-annotation` objects. */
import type { CheckAnnotationRec, CheckRunRec, RepoRec, SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { nodeId } from "../util.js";
import { integration } from "./app.js";
import { repoApi, repoWeb } from "./repos.js";

export function checkRun(st: SimState, repo: RepoRec, run: CheckRunRec): RestObject {
  const api = `${repoApi(st, repo)}/check-runs/${run.id}`;
  const html = `${repoWeb(st, repo)}/runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url: api,
    html_url: html,
    details_url: run.detailsUrl ?? html,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title,
      summary: run.summary,
      text: run.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    name: run.name,
    // One suite per commit is all the simulator needs: its id is derived from the sha's run.
    check_suite: { id: run.id },
    app: integration(st),
    pull_requests: [],
  };
}

export function checkAnnotation(
  st: SimState,
  repo: RepoRec,
  run: CheckRunRec,
  a: CheckAnnotationRec,
): RestObject {
  return {
    path: a.path,
    blob_href: `${repoWeb(st, repo)}/blob/${run.headSha}/${a.path}`,
    start_line: a.startLine,
    end_line: a.endLine,
    start_column: null,
    end_column: null,
    annotation_level: a.level,
    title: a.title,
    message: a.message,
    raw_details: a.rawDetails,
  };
}
