import type { FoundIssue, InstallationPort, InstalledRepo, IssueSearch, RepoRef } from "../services/port.js";
import { issueSnapshot, type GitHubIssueLike } from "../services/snapshots.js";
import { withGitHubErrors } from "./errors.js";
import { readEditedComments } from "./comment-nodes.js";
import { createOctokitPort, type OctokitClient, type PortOptions } from "./octokit-port.js";

/** `app.auth` from Probot: the app's own client without an id, an installation's with one. */
export type AppAuth = (installationId?: number) => Promise<unknown>;

/** An installation as `GET /app/installations` lists it (the fields the sweep needs). */
export interface InstallationInfo {
  id?: number;
  account: { login: string; type?: string } | null;
  repository_selection: "all" | "selected" | string;
}

/** Installations swept at once: each has its own throttle queue (Octokit spaces searches 2 s apart). */
const INSTALLATIONS_AT_ONCE = 4;

/**
 * Every installation of the App, each with its port (the App's reminder timer). An installation
 * that cannot be reached (suspended, token refused) is reported to `failed` and the others go on.
 */
export async function forEachInstallation(
  auth: AppAuth,
  visit: (port: InstallationPort, installation: InstallationInfo) => Promise<void>,
  failed: (installation: InstallationInfo, error: unknown) => void,
  options: InstallationPortOptions = {},
): Promise<void> {
  const app = (await auth()) as OctokitClient;
  const installations = (await app.paginate(app.rest.apps.listInstallations, { per_page: 100 })).filter(
    (installation) => installation.account && !installation.suspended_at,
  );
  let next = 0;
  const worker = async () => {
    for (let installation = installations[next++]; installation; installation = installations[next++]) {
      const info = installation as InstallationInfo;
      try {
        const client = (await auth(installation.id)) as OctokitClient;
        await visit(createInstallationPort(client, info, options), info);
      } catch (error) {
        failed(info, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INSTALLATIONS_AT_ONCE, installations.length) }, worker));
}

/** GitHub rejects search queries longer than this. */
export const MAX_QUERY = 256;
const PAGE = 100;

export type InstallationPortOptions = Pick<PortOptions, "identity">;

/**
 * The installation's side of the sweep, over Octokit. `missingConfigs` lives as long as the port
 * (one tick): the organization's `.github` config that repositories fall back to is asked once.
 */
export function createInstallationPort(
  octokit: OctokitClient,
  installation: InstallationInfo,
  options: InstallationPortOptions = {},
): InstallationPort {
  const account = installation.account?.login ?? "";
  const scope = installation.account?.type === "User" ? "user" : "org";
  const missingConfigs = new Set<string>();
  const call = withGitHubErrors;
  return {
    account,
    allRepositories: installation.repository_selection === "all",

    listRepositories: () =>
      call(async () =>
        (await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: PAGE }))
          .filter((repo) => !repo.archived && repo.has_issues)
          .map((repo) => ({ owner: repo.owner.login, repo: repo.name, htmlUrl: repo.html_url })),
      ),

    searchIssues: (search) =>
      call(async () => {
        const found = new Map<string, FoundIssue>();
        for (const q of searchQueries(search, { scope, account })) {
          for (const item of await searchAll(octokit, q)) {
            if (item.pull_request) continue;
            const repo = repositoryOf(item);
            if (repo)
              found.set(`${repo.owner}/${repo.repo}#${item.number}`.toLowerCase(), {
                repo,
                issue: issueSnapshot(item),
              });
          }
        }
        return [...found.values()];
      }),

    // With each comment's last editor: the board's data is believed without asking again.
    readComments: (nodeIds) => call(() => readEditedComments(octokit, nodeIds)),

    repository: ({ owner, repo }: InstalledRepo) =>
      createOctokitPort(octokit, { owner, repo }, { ...options, missingConfigs }),
  };
}

type SearchItem = GitHubIssueLike & { repository_url: string; pull_request?: unknown };

/** GitHub answers at most 1,000 results for a query. */
const MAX_RESULTS = 1000;

/**
 * Every page of one search. Paged here, not by `octokit.paginate`: it unwraps a search answer by
 * taking its first key other than the counts, and newer answers may put `search_type` first.
 */
async function searchAll(octokit: OctokitClient, q: string): Promise<SearchItem[]> {
  const items: SearchItem[] = [];
  for (let page = 1; ; page++) {
    const { data } = await octokit.request("GET /search/issues", { q, per_page: PAGE, page });
    items.push(...(data.items as SearchItem[]));
    if (data.items.length < PAGE || page * PAGE >= Math.min(data.total_count, MAX_RESULTS)) return items;
  }
}

/** `https://api.github.com/repos/acme/shop` and the issue's page → the repository. */
function repositoryOf(item: SearchItem): InstalledRepo | null {
  const m = /\/repos\/([^/]+)\/([^/]+)$/.exec(item.repository_url);
  if (!m?.[1] || !m[2]) return null;
  const htmlUrl = item.html_url.replace(/\/(issues|pull)\/\d+$/, "");
  return { owner: decodeURIComponent(m[1]), repo: decodeURIComponent(m[2]), htmlUrl };
}

/**
 * The queries for one search: every label in one `label:` qualifier (GitHub reads `label:a,b` as
 * either), scoped to the account, or to the selected repositories in as many queries as it takes
 * to stay within GitHub's 256 characters.
 */
export function searchQueries(
  search: IssueSearch,
  installation: { scope: "org" | "user"; account: string },
): string[] {
  const base = [
    "is:issue",
    `is:${search.state}`,
    ...(search.updatedSince ? [`updated:>=${search.updatedSince.slice(0, 10)}`] : []),
  ].join(" ");
  // A label with a double quote cannot be written in a query.
  const labels = search.labels.filter((label) => !label.includes('"')).map((label) => `"${label}"`);
  const queries: string[] = [];
  for (const group of pack(labels, ",", MAX_QUERY / 2 - "label:".length)) {
    const head = `${base} label:${group}`;
    if (!search.repos) {
      queries.push(`${head} ${installation.scope}:${installation.account} archived:false`);
      continue;
    }
    const repos = search.repos.map((repo: RepoRef) => `repo:${repo.owner}/${repo.repo}`);
    for (const chunk of pack(repos, " ", MAX_QUERY - head.length - 1)) queries.push(`${head} ${chunk}`);
  }
  return queries;
}

/** Joins items with `separator` into strings of at most `max` characters (an item longer goes alone). */
function pack(items: string[], separator: string, max: number): string[] {
  const packed: string[] = [];
  let current = "";
  for (const item of items) {
    if (current && current.length + separator.length + item.length > max) {
      packed.push(current);
      current = "";
    }
    current = current ? `${current}${separator}${item}` : item;
  }
  if (current) packed.push(current);
  return packed;
}
