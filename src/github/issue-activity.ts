/**
 * An issue's cross-references (pull requests, issues) and commit references. GraphQL's
 * `timelineItems` filtered to those two item types costs one request per 100 of them, however many
 * comments the issue has; the REST timeline (every comment included, 100 a page) is the fallback
 * for servers or moments where the GraphQL request fails.
 */
import type { IssueActivity, RepoRef } from "../services/port.js";
import type { OctokitClient } from "./octokit-port.js";

/** Fields selected are exactly the ones `IssueActivity` needs. */
export const ISSUE_ACTIVITY_QUERY = `query hotwashIssueActivity($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      timelineItems(first: 100, after: $cursor, itemTypes: [CROSS_REFERENCED_EVENT, REFERENCED_EVENT]) {
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          ... on CrossReferencedEvent {
            createdAt
            actor { __typename login }
            source {
              __typename
              ... on PullRequest { number title url merged }
              ... on Issue { number title url }
            }
          }
          ... on ReferencedEvent {
            createdAt
            actor { __typename login }
            commit { oid url }
          }
        }
      }
    }
  }
}`;

interface GraphActor {
  __typename: string;
  login: string;
}
interface GraphSource {
  __typename: string;
  number?: number;
  title?: string;
  url?: string;
  merged?: boolean;
}
interface GraphNode {
  __typename: string;
  createdAt?: string;
  actor?: GraphActor | null;
  source?: GraphSource | null;
  commit?: { oid: string; url: string } | null;
}
interface IssueActivityResponse {
  repository: {
    issue: {
      timelineItems: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<GraphNode | null> | null;
      };
    } | null;
  } | null;
}

/**
 * The issue's cross-references and commit references, oldest first: GraphQL, or the REST timeline
 * when the GraphQL request fails (a 4xx/5xx, or a GitHub Enterprise Server without these types).
 */
export async function listIssueActivity(
  octokit: OctokitClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<IssueActivity[]> {
  try {
    return await listIssueActivityGraphql(octokit, repo, issueNumber);
  } catch {
    return listIssueActivityRest(octokit, repo, issueNumber);
  }
}

/** The REST timeline, 100 a page; it includes every comment, which is skipped. */
export async function listIssueActivityRest(
  octokit: OctokitClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<IssueActivity[]> {
  const items = await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return items.flatMap((item) => restToActivity(item as TimelineItem));
}

/** Every page of the issue's cross-references and commit references (GraphQL), oldest first. */
export async function listIssueActivityGraphql(
  octokit: OctokitClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<IssueActivity[]> {
  const activity: IssueActivity[] = [];
  let cursor: string | null = null;
  for (;;) {
    const response: IssueActivityResponse = await octokit.graphql<IssueActivityResponse>(
      ISSUE_ACTIVITY_QUERY,
      {
        owner: repo.owner,
        name: repo.repo,
        number: issueNumber,
        cursor,
      },
    );
    const items = response.repository?.issue?.timelineItems;
    if (!items) throw new Error(`issue #${issueNumber} has no timeline in the GraphQL response`);
    for (const node of items.nodes ?? []) if (node) activity.push(...graphToActivity(node));
    if (!items.pageInfo.hasNextPage || !items.pageInfo.endCursor) return activity;
    cursor = items.pageInfo.endCursor;
  }
}

/** REST names a GitHub App's bot `name[bot]`; GraphQL calls it `name` with the type Bot. */
function actorOf(actor: GraphActor | null | undefined): { actor: string; actorIsBot: boolean } {
  if (!actor) return { actor: "ghost", actorIsBot: false };
  const isBot = actor.__typename === "Bot";
  const login = isBot && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
  return { actor: login, actorIsBot: isBot || login.endsWith("[bot]") };
}

function graphToActivity(node: GraphNode): IssueActivity[] {
  const at = node.createdAt;
  if (!at) return [];
  const who = actorOf(node.actor);
  const source = node.source;
  if (node.__typename === "CrossReferencedEvent" && source) {
    if (source.number === undefined || source.title === undefined || source.url === undefined) return [];
    return [
      {
        kind: source.__typename === "PullRequest" ? "pull-request" : "issue",
        at,
        ...who,
        number: source.number,
        title: source.title,
        htmlUrl: source.url,
        sha: null,
        merged: source.merged === true,
      },
    ];
  }
  if (node.__typename === "ReferencedEvent" && node.commit) {
    return [
      {
        kind: "commit",
        at,
        ...who,
        number: null,
        title: null,
        htmlUrl: node.commit.url,
        sha: node.commit.oid,
        merged: false,
      },
    ];
  }
  return [];
}

interface TimelineUser {
  login?: string;
  type?: string;
}
interface TimelineItem {
  event?: string;
  created_at?: string;
  actor?: TimelineUser | null;
  commit_id?: string | null;
  commit_url?: string | null;
  source?: {
    issue?: {
      number: number;
      title: string;
      html_url: string;
      pull_request?: { merged_at?: string | null } | null;
    };
  };
}

/** Cross-references (pull requests, issues) and commit references; everything else is in the log. */
function restToActivity(item: TimelineItem): IssueActivity[] {
  const at = item.created_at;
  if (!at) return [];
  const actor = item.actor?.login ?? "ghost";
  const actorIsBot = item.actor?.type === "Bot" || actor.endsWith("[bot]");
  if (item.event === "cross-referenced" && item.source?.issue) {
    const source = item.source.issue;
    return [
      {
        kind: source.pull_request ? "pull-request" : "issue",
        at,
        actor,
        actorIsBot,
        number: source.number,
        title: source.title,
        htmlUrl: source.html_url,
        sha: null,
        merged: Boolean(source.pull_request?.merged_at),
      },
    ];
  }
  if (item.event === "referenced" && item.commit_id) {
    return [
      {
        kind: "commit",
        at,
        actor,
        actorIsBot,
        number: null,
        title: null,
        htmlUrl: item.commit_url ? commitPage(item.commit_url) : null,
        sha: item.commit_id,
        merged: false,
      },
    ];
  }
  return [];
}

/** `https://api.github.com/repos/o/r/commits/sha` → `https://github.com/o/r/commit/sha` (GHES too). */
function commitPage(apiUrl: string): string | null {
  const match = /^(https?:\/\/[^/]+)(?:\/api\/v3)?\/repos\/([^/]+\/[^/]+)\/commits\/([0-9a-f]{7,40})$/i.exec(
    apiUrl,
  );
  if (!match) return null;
  const host = match[1] === "https://api.github.com" ? "https://github.com" : match[1];
  return `${host}/${match[2]}/commit/${match[3]}`;
}
