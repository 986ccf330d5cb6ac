import type { Octokit } from "@octokit/rest";
import type { PullSnapshot, PullUpsert, RepoRef } from "../services/port.js";
import type { OctokitClient } from "./octokit-port.js";

interface RestPullLike {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  merged?: boolean;
  merged_at?: string | null;
  user?: { login: string } | null;
  head: { ref: string };
  base: { ref: string };
  html_url: string;
}

/**
 * octokit-plugin-create-pull-request with `update: true`: one commit on top of the base branch,
 * force-pushed to the head branch, then the pull request opened or edited. The force push drops
 * anything else on the branch, which is why the port's contract makes callers check first.
 */
export async function upsertPull(
  octokit: OctokitClient,
  repo: RepoRef,
  request: PullUpsert,
): Promise<PullSnapshot> {
  const full = octokit as OctokitClient & Partial<Pick<Octokit, "log">>;
  const client = {
    request: octokit.request,
    graphql: octokit.graphql,
    log: full.log ?? { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  };
  // Loaded on first use: only /postmortem needs it, and the Action pays for every import at start.
  const { composeCreatePullRequest } = await import("octokit-plugin-create-pull-request");
  const response = await composeCreatePullRequest(client as never, {
    ...repo,
    title: request.title,
    body: request.body,
    head: request.branch,
    base: request.base,
    update: true,
    labels: request.labels,
    changes: [{ files: request.files, commit: request.commitMessage }],
  });
  if (!response) throw new Error("the pull request was not created");
  return toPull(response.data);
}

export function toPull(pull: RestPullLike): PullSnapshot {
  return {
    number: pull.number,
    title: pull.title,
    body: pull.body ?? "",
    state: pull.state === "closed" ? "closed" : "open",
    merged: Boolean(pull.merged ?? pull.merged_at),
    author: pull.user?.login ?? "ghost",
    head: pull.head.ref,
    base: pull.base.ref,
    htmlUrl: pull.html_url,
  };
}
