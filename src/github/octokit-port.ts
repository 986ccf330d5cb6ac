import type { Octokit } from "@octokit/rest";
import { composeConfigGet } from "@probot/octokit-plugin-config";
import { PERMISSION_LEVELS, type Permission } from "../core/config/schema.js";
import type {
  CheckAnnotation,
  CheckRunRequest,
  CommentSnapshot,
  ConfigLoad,
  Deployment,
  GitHubPort,
  LabelEvent,
  MergedPull,
  ReactionContent,
  RepoRef,
  WorkflowDispatchRequest,
  WorkflowDispatchResult,
} from "../services/port.js";
import { commentSnapshot, isBot, issueSnapshot } from "../services/snapshots.js";
import { readEditedComments, viewerLogin } from "./comment-nodes.js";
import { conditionalRequest, type ConfigCache } from "./config-cache.js";
import { toGitHubError, withGitHubErrors } from "./errors.js";
import { listIssueActivity } from "./issue-activity.js";
import { deepMerge } from "./merge.js";
import { toPull, upsertPull } from "./pull-request.js";

export const CONFIG_PATH = ".github/hotwash.yml";

/** The subset of Octokit the port uses; Probot's and @octokit/rest's instances both fit. */
export type OctokitClient = Pick<Octokit, "rest" | "request" | "paginate" | "graphql">;

export interface PortOptions {
  /** Where config files are cached between deliveries (default: the process's). */
  configCache?: ConfigCache;
  /** Config files found missing, remembered for as long as the caller keeps the set (one sweep). */
  missingConfigs?: Set<string>;
  /**
   * The login Hotwash writes as, when the face knows it (the App: `slug[bot]`), or null for "any
   * bot" (a read-only face with a person's token). Default: the token's own login, asked once.
   */
  identity?: string | null | (() => Promise<string | null>);
}

/**
 * The only code that talks to GitHub. One instance serves one delivery: it remembers the answers
 * that cannot change within it (permissions, default branch) so nothing is asked twice.
 */
export function createOctokitPort(
  octokit: OctokitClient,
  repo: RepoRef,
  options: PortOptions = {},
): GitHubPort {
  const permissions = new Map<string, Promise<Permission | "none">>();
  // A board search that read every page has read every comment: a rebuild in the same delivery reuses them.
  const allComments = new Map<number, CommentSnapshot[]>();
  let defaultBranch: Promise<string> | undefined;
  let self: Promise<string | null> | undefined;
  const identity = () => {
    const known = options.identity;
    self ??= (
      typeof known === "function"
        ? call(known)
        : known !== undefined
          ? Promise.resolve(known)
          : call(() => viewerLogin(octokit))
    ).catch((error: unknown) => {
      self = undefined; // a failed lookup is asked again next time
      throw error;
    });
    return self;
  };
  /** Hotwash's own comment carrying `marker`: another bot's (or a person's) never is. */
  const ownWith = (marker: string, login: string | null) => (c: CommentSnapshot | null | undefined) =>
    Boolean(c?.body.startsWith(marker) && (login === null ? c.authorIsBot : sameLogin(c.author, login)));
  const call = withGitHubErrors;

  return {
    repo,

    loadConfig: () =>
      call(async (): Promise<ConfigLoad> => {
        try {
          // Conditional reads: an unchanged config costs a 304, not a counted request.
          const request = conditionalRequest(octokit.request, options.configCache, options.missingConfigs);
          const { config, files } = await composeConfigGet({ request } as never, {
            ...repo,
            path: CONFIG_PATH,
            // Later files (the repository's own) override what they `_extends`; arrays replace.
            defaults: (configs) =>
              configs.reduce<Record<string, unknown>>(
                (acc, next) => deepMerge(acc, next) as Record<string, unknown>,
                {},
              ),
          });
          return files.some((file) => file.config !== null)
            ? { kind: "found", raw: config }
            : { kind: "missing" };
        } catch (error) {
          const status = (error as { status?: number }).status;
          if (status && status !== 404) throw error;
          return {
            kind: "unreadable",
            problem: (error as Error).message.replace(/^\[@probot\/[^\]]+\]\s*/, ""),
          };
        }
      }),

    getPermission(login) {
      let answer = permissions.get(login);
      if (!answer) {
        answer = call(() =>
          unless404(async () => {
            const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
              ...repo,
              username: login,
            });
            return toPermission(data.role_name, data.permission);
          }, "none" as const),
        );
        permissions.set(login, answer);
      }
      return answer;
    },

    isTeamMember: (org, teamSlug, login) =>
      call(() =>
        unless404(async () => {
          const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
            org,
            team_slug: teamSlug,
            username: login,
          });
          return data.state === "active";
        }, false),
      ),

    isAssignable: (login) =>
      call(() =>
        unless404(async () => {
          await octokit.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: login });
          return true;
        }, false),
      ),

    getIssue: (issueNumber) =>
      call(async () =>
        issueSnapshot((await octokit.rest.issues.get({ ...repo, issue_number: issueNumber })).data),
      ),

    identity,

    readEdited: (nodeIds) => call(() => readEditedComments(octokit, nodeIds)),

    listLabelEvents: (issueNumber) =>
      call(async () =>
        (
          await octokit.paginate(octokit.rest.issues.listEvents, {
            ...repo,
            issue_number: issueNumber,
            per_page: 100,
          })
        ).flatMap((e): LabelEvent[] => {
          const label = "label" in e ? e.label?.name : undefined;
          if ((e.event !== "labeled" && e.event !== "unlabeled") || !label) return [];
          return [
            {
              action: e.event,
              label,
              actor: e.actor?.login ?? "ghost",
              actorIsBot: isBot(e.actor),
              at: e.created_at,
            },
          ];
        }),
      ),

    getComment: (commentId) =>
      call(async () =>
        commentSnapshot((await octokit.rest.issues.getComment({ ...repo, comment_id: commentId })).data),
      ),

    listIssues: (label, state, since) =>
      call(async () =>
        (
          await octokit.paginate(octokit.rest.issues.listForRepo, {
            ...repo,
            labels: label,
            state,
            ...(since ? { since } : {}),
            per_page: 100,
          })
        )
          .filter((issue) => !issue.pull_request)
          .map(issueSnapshot),
      ),

    listComments: (issueNumber) =>
      call(
        async () =>
          allComments.get(issueNumber) ??
          (
            await octokit.paginate(octokit.rest.issues.listComments, {
              ...repo,
              issue_number: issueNumber,
              per_page: 100,
            })
          ).map(commentSnapshot),
      ),

    findBoard: (issueNumber, marker, pinned) =>
      call(async () => {
        // Who Hotwash is, asked alongside the first read rather than before it.
        const login = identity();
        login.catch(() => {});
        const isBoard = async (c: CommentSnapshot | null | undefined): Promise<boolean> =>
          ownWith(marker, await login)(c);
        // The payload's copy is as old as the webhook (redeliveries, queued Action runs): trust its id, read it fresh.
        if (pinned?.body.startsWith(marker) && pinned.authorIsBot) {
          const fresh = commentSnapshot(
            (await octokit.rest.issues.getComment({ ...repo, comment_id: pinned.id })).data,
          );
          if (await isBoard(fresh)) return fresh;
        }
        // The board is written when the incident is declared, so it is nearly always on the first page;
        // a board rebuilt late sits at the end, where the issue's pinned comment finds it in one request.
        const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
          ...repo,
          issue_number: issueNumber,
          per_page: 100,
        });
        let first = true;
        const seen: CommentSnapshot[] = [];
        for await (const page of pages) {
          const comments = page.data.map(commentSnapshot);
          seen.push(...comments);
          const board = comments.find(ownWith(marker, await login));
          if (board) return board;
          if (first && comments.length === 100 && pinned === undefined) {
            const issuePinned = (await octokit.rest.issues.get({ ...repo, issue_number: issueNumber })).data;
            const fromIssue = issueSnapshot(issuePinned).pinnedComment;
            if (fromIssue && (await isBoard(fromIssue))) return fromIssue;
          }
          first = false;
        }
        allComments.set(issueNumber, seen);
        return null;
      }),

    createComment: (issueNumber, body) =>
      call(async () =>
        commentSnapshot(
          (await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body })).data,
        ),
      ),

    createHiddenComment: (issueNumber, body) =>
      call(async () => {
        const { data } = await octokit.rest.issues.createComment({
          ...repo,
          issue_number: issueNumber,
          body,
        });
        const comment = commentSnapshot(data);
        try {
          await octokit.graphql(MINIMIZE_COMMENT, { id: data.node_id });
          return { comment, hidden: true };
        } catch (error) {
          return { comment, hidden: false, problem: toGitHubError(error).message };
        }
      }),

    updateComment: (commentId, body) =>
      call(async () => {
        await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
      }),

    pinComment: (commentId) =>
      call(async () => {
        try {
          await octokit.request("PUT /repos/{owner}/{repo}/issues/comments/{comment_id}/pin", {
            ...repo,
            comment_id: commentId,
          });
          return true;
        } catch (error) {
          // Older GitHub Enterprise Server versions have no comment pinning: the board still works.
          const status = (error as { status?: number }).status;
          if (status === 404 || status === 410 || status === 422 || status === 403) return false;
          throw error;
        }
      }),

    botReactions: (commentId) =>
      call(async () =>
        (
          await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: commentId, per_page: 100 })
        ).data
          .filter((r) => r.user?.type === "Bot")
          .map((r) => r.content as ReactionContent),
      ),

    react: (commentId, content: ReactionContent) =>
      call(async () => {
        const { status } = await octokit.rest.reactions.createForIssueComment({
          ...repo,
          comment_id: commentId,
          content,
        });
        return status === 201;
      }),

    updateIssue: (issueNumber, patch) =>
      call(async () => {
        await octokit.rest.issues.update({
          ...repo,
          issue_number: issueNumber,
          ...(patch.labels ? { labels: patch.labels } : {}),
          ...(patch.assignees ? { assignees: patch.assignees } : {}),
          ...(patch.state ? { state: patch.state } : {}),
          ...(patch.stateReason ? { state_reason: patch.stateReason } : {}),
        });
      }),

    createIssue: (issue) =>
      call(async () => issueSnapshot((await octokit.rest.issues.create({ ...repo, ...issue })).data)),

    addSubIssue: (parentNumber, childId) =>
      call(async () => {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
          ...repo,
          issue_number: parentNumber,
          sub_issue_id: childId,
        });
      }),

    defaultBranch() {
      defaultBranch ??= call(async () => (await octokit.rest.repos.get({ ...repo })).data.default_branch);
      return defaultBranch;
    },

    dispatchWorkflow: (request) => call(() => dispatch(octokit, repo, request)),

    listDeployments: (environment, limit, since) =>
      call(async () => {
        const { data: listed } = await octokit.rest.repos.listDeployments({
          ...repo,
          ...(environment === null ? {} : { environment }),
          per_page: Math.min(limit, 100),
        });
        const data = since ? listed.filter((d) => Date.parse(d.created_at) >= Date.parse(since)) : listed;
        // One status read per deployment, concurrently: the list endpoint does not carry the outcome.
        return Promise.all(
          data.map(async (d): Promise<Deployment> => {
            const statuses = await octokit.rest.repos.listDeploymentStatuses({
              ...repo,
              deployment_id: d.id,
              per_page: 1,
            });
            return {
              id: d.id,
              sha: d.sha,
              ref: d.ref,
              environment: d.environment,
              createdAt: d.created_at,
              creator: d.creator?.login ?? "unknown",
              state: statuses.data[0]?.state ?? null,
            };
          }),
        );
      }),

    listMergedPulls: (since, until) =>
      call(async () => {
        const merged: MergedPull[] = [];
        // Sorted by last update, newest first: stop paging once a page is older than the window.
        for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
          ...repo,
          state: "closed",
          sort: "updated",
          direction: "desc",
          per_page: 100,
        })) {
          for (const pr of page.data) {
            if (pr.merged_at && pr.merged_at >= since && pr.merged_at <= until) {
              merged.push({
                number: pr.number,
                title: pr.title,
                author: pr.user?.login ?? "unknown",
                mergedAt: pr.merged_at,
                htmlUrl: pr.html_url,
              });
            }
          }
          if (page.data.every((pr) => pr.updated_at < since)) break;
        }
        return merged.sort((a, b) => a.mergedAt.localeCompare(b.mergedAt));
      }),

    readFile: (path, ref) =>
      call(() =>
        unless404(async () => {
          const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
            ...repo,
            path,
            ...(ref ? { ref } : {}),
            mediaType: { format: "raw" },
          });
          return typeof data === "string" ? data : null;
        }, null),
      ),

    commitFile: ({ path, content, message, branch }) =>
      call(async () => {
        // The file's blob sha, when it exists: GitHub replaces a file only when told which one.
        const existing = await unless404(async () => {
          const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref: branch });
          return Array.isArray(data) || data.type !== "file" ? null : data;
        }, null);
        const text = Buffer.from(content, "utf8").toString("base64");
        if (
          existing &&
          "content" in existing &&
          Buffer.from(existing.content, "base64").toString("utf8") === content
        )
          return null;
        const { data } = await octokit.rest.repos.createOrUpdateFileContents({
          ...repo,
          path,
          message,
          content: text,
          branch,
          ...(existing ? { sha: existing.sha } : {}),
        });
        return data.commit.sha ?? null;
      }),

    listIssueActivity: (issueNumber) => call(() => listIssueActivity(octokit, repo, issueNumber)),

    compareBranch: (base, head) =>
      call(() =>
        unless404(async () => {
          const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
            ...repo,
            basehead: `${base}...${head}`,
          });
          return {
            aheadBy: data.ahead_by,
            commits: data.commits.map((c) => ({
              sha: c.sha,
              message: c.commit.message,
              author: c.author?.login ?? c.commit.author?.name ?? "unknown",
            })),
            files: (data.files ?? []).map((f) => ({
              path: f.filename,
              sha: f.status === "removed" ? null : f.sha,
            })),
          };
        }, null),
      ),

    findPullByHead: (branch) =>
      call(async () => {
        const { data } = await octokit.rest.pulls.list({
          ...repo,
          head: `${repo.owner}:${branch}`,
          state: "all",
          sort: "created",
          direction: "desc",
          per_page: 10,
        });
        const pull = data.find((p) => p.state === "open") ?? data[0];
        return pull ? toPull(pull) : null;
      }),

    upsertPull: (request) => call(() => upsertPull(octokit, repo, request)),

    openPull: (request) =>
      call(async () => toPull((await octokit.rest.pulls.create({ ...repo, ...request })).data)),

    addLabels: (issueNumber, labels) =>
      call(async () =>
        (await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels })).data.map(
          (label) => label.name,
        ),
      ),

    removeLabel: (issueNumber, name) =>
      call(() =>
        unless404(
          async () =>
            (await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name })).data.map(
              (label) => label.name,
            ),
          null,
        ),
      ),

    listLabels: () =>
      call(async () =>
        (await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 })).map(
          (label) => label.name,
        ),
      ),

    createLabel: (label) =>
      call(async () => {
        try {
          await octokit.rest.issues.createLabel({ ...repo, ...label });
          return true;
        } catch (error) {
          // Someone (or a concurrent handler) created it since we listed: theirs stays.
          const e = error as { status?: number; response?: { data?: { errors?: { code?: string }[] } } };
          if (e.status === 422 && e.response?.data?.errors?.some((x) => x.code === "already_exists"))
            return false;
          throw error;
        }
      }),

    requestReviewers: (pullNumber, reviewers) =>
      call(async () => {
        await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pullNumber, reviewers });
      }),

    createCheckRun: (run) => call(() => createCheckRun(octokit, repo, run)),
  };
}

/** The Checks API takes at most 50 annotations a request. */
const ANNOTATIONS_PER_REQUEST = 50;

async function createCheckRun(
  octokit: OctokitClient,
  repo: RepoRef,
  run: CheckRunRequest,
): Promise<{ id: number; htmlUrl: string | null }> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < run.annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(run.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = (annotations: CheckAnnotation[] = []) => ({
    title: run.title,
    summary: run.summary,
    annotations: annotations.map((a) => ({
      path: a.path,
      start_line: a.startLine,
      end_line: a.endLine,
      annotation_level: a.level,
      title: a.title,
      message: a.message,
    })),
  });
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: run.name,
    head_sha: run.headSha,
    status: "completed",
    conclusion: run.conclusion,
    output: output(batches[0]),
  });
  // Each update appends its annotations to those already on the run.
  for (const batch of batches.slice(1))
    await octokit.rest.checks.update({ ...repo, check_run_id: data.id, output: output(batch) });
  return { id: data.id, htmlUrl: data.html_url };
}

/** Logins compare without case, as GitHub's do. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Hides a comment as outdated (GitHub's "Hide" menu); REST cannot. */
const MINIMIZE_COMMENT = `mutation($id: ID!) {
  minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } }
}`;

/** A 404 is an answer here (no such user, file, branch), not a failure. */
async function unless404<T>(request: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if ((error as { status?: number }).status === 404) return fallback;
    throw error;
  }
}

async function dispatch(
  octokit: OctokitClient,
  repo: RepoRef,
  request: WorkflowDispatchRequest,
): Promise<WorkflowDispatchResult> {
  const params = { ...repo, workflow_id: request.workflow, ref: request.ref, inputs: request.inputs };
  try {
    const response = await octokit.request(
      "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
      {
        ...params,
        return_run_details: true,
      },
    );
    const data = (response.data ?? {}) as { workflow_run_id?: number; html_url?: string };
    return { runId: data.workflow_run_id ?? null, runUrl: data.html_url ?? null };
  } catch (error) {
    // GitHub Enterprise Server 3.19 and older reject the field; the run is then matched by its workflow_run event.
    const e = error as { status?: number; message?: string };
    if (e.status !== 422 || !/return_run_details/.test(e.message ?? "")) throw error;
    await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", params);
    return { runId: null, runUrl: null };
  }
}

function toPermission(role: string | undefined, legacy: string | undefined): Permission | "none" {
  const known = (name: string | undefined): name is Permission =>
    (PERMISSION_LEVELS as readonly string[]).includes(name ?? "");
  if (known(role)) return role;
  // A custom repository role's base shows in the legacy field (admin, write, read).
  if (known(legacy)) return legacy;
  return role && role !== "none" ? "read" : "none";
}
