/**
 * The GraphQL schema slice behind an issue's `timelineItems` (cross-references and commit
 * references only): Query.repository → Repository.issue → Issue.timelineItems, with GitHub's
 * pagination rules (first ≤ 100, opaque cursors) and `itemTypes` filtering.
 */
import { commitOf } from "../model/git.js";
import { enumArg, GqlError, gqlObject, type GqlObject, NotSimulated } from "../gql.js";
import { repoWeb } from "../present/repos.js";
import type { IssueEventRec, IssueRec, RepoRec, SimState } from "../state.js";
import { nodeId } from "../util.js";

/** Types a query may name in `... on X` (the abstract ones included). */
export const TIMELINE_TYPES: ReadonlySet<string> = new Set([
  "Query",
  "Repository",
  "Issue",
  "PullRequest",
  "IssueTimelineItemsConnection",
  "IssueTimelineItemsEdge",
  "PageInfo",
  "CrossReferencedEvent",
  "ReferencedEvent",
  "User",
  "Bot",
  "Organization",
  "Mannequin",
  "EnterpriseUserAccount",
  "Commit",
  "Actor",
  "Node",
  "ReferencedSubject",
  "IssueTimelineItems",
  "IssueTimelineItem",
  "UniformResourceLocatable",
]);

/** The item types simulated; any other `itemTypes` value (or none) is not simulated. */
const SIMULATED_ITEM_TYPES: Record<string, string> = {
  CROSS_REFERENCED_EVENT: "cross-referenced",
  REFERENCED_EVENT: "referenced",
};

/** The root object for a query. */
export function queryRoot(st: SimState): GqlObject {
  return gqlObject("Query", [], {
    repository: (args) => {
      const owner = stringArg(args, "owner");
      const name = stringArg(args, "name");
      const repo = st.findRepo(owner, name);
      if (!repo) {
        throw new GqlError(
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          "NOT_FOUND",
        );
      }
      return repository(st, repo);
    },
  });
}

function stringArg(args: Record<string, unknown>, key: string): string {
  const value = args[key];
  if (typeof value !== "string") throw new NotSimulated(`${key} must be a string`);
  return value;
}

function repository(st: SimState, repo: RepoRec): GqlObject {
  return gqlObject("Repository", ["Node", "UniformResourceLocatable"], {
    id: () => nodeId("Repository", repo.id),
    name: () => repo.name,
    nameWithOwner: () => repo.fullName,
    url: () => repoWeb(st, repo),
    issue: (args) => {
      const number = args["number"];
      if (typeof number !== "number" || !Number.isInteger(number))
        throw new NotSimulated("number must be an Int");
      const rec = repo.issues.get(number);
      if (!rec || rec.pull) {
        throw new GqlError(`Could not resolve to an Issue with the number of ${number}.`, "NOT_FOUND");
      }
      return issueObject(st, repo, rec, true);
    },
  });
}

/** An issue or pull request; `withTimeline` only for the issue the query starts from. */
function issueObject(st: SimState, repo: RepoRec, rec: IssueRec, withTimeline: boolean): GqlObject {
  const pull = rec.pull;
  const common: GqlObject["fields"] = {
    id: () => nodeId(pull ? "PullRequest" : "Issue", pull ? pull.id : rec.id),
    number: () => rec.number,
    title: () => rec.title,
    url: () => `${repoWeb(st, repo)}/${pull ? "pull" : "issues"}/${rec.number}`,
    createdAt: () => rec.createdAt,
    closed: () => rec.state === "closed",
  };
  if (pull) {
    return gqlObject("PullRequest", ["Node", "ReferencedSubject", "UniformResourceLocatable"], {
      ...common,
      state: () => (pull.merged ? "MERGED" : rec.state === "closed" ? "CLOSED" : "OPEN"),
      merged: () => pull.merged,
      mergedAt: () => pull.mergedAt,
    });
  }
  return gqlObject("Issue", ["Node", "ReferencedSubject", "UniformResourceLocatable"], {
    ...common,
    state: () => (rec.state === "closed" ? "CLOSED" : "OPEN"),
    ...(withTimeline ? { timelineItems: (args) => timelineItems(st, repo, rec, args) } : {}),
  });
}

export function actor(st: SimState, login: string): GqlObject | null {
  const user = st.findUser(login);
  if (!user) return null;
  // GraphQL names a GitHub App's bot without the `[bot]` that REST logins carry.
  const name = user.type === "Bot" ? user.login.replace(/\[bot\]$/, "") : user.login;
  return gqlObject(user.type, ["Actor", "Node", "UniformResourceLocatable"], {
    id: () => nodeId(user.type, user.id),
    login: () => name,
    url: () => (user.type === "Bot" ? `${st.web}/apps/${name}` : `${st.web}/${name}`),
  });
}

interface Item {
  at: string;
  id: number;
  node: GqlObject;
}

function eventItem(st: SimState, repo: RepoRec, e: IssueEventRec): Item | undefined {
  const base = {
    createdAt: () => e.createdAt,
    actor: () => actor(st, e.actor),
  };
  const member = ["Node", "IssueTimelineItems", "IssueTimelineItem"];
  if (e.event === "cross-referenced" && e.source) {
    const [owner = "", name = ""] = e.source.repo.split("/");
    const sourceRepo = st.findRepo(owner, name);
    const source = sourceRepo?.issues.get(e.source.number);
    if (!sourceRepo || !source) return undefined;
    const node = gqlObject("CrossReferencedEvent", member, {
      ...base,
      id: () => nodeId("CrossReferencedEvent", e.id),
      referencedAt: () => e.createdAt,
      isCrossRepository: () => sourceRepo !== repo,
      source: () => issueObject(st, sourceRepo, source, false),
    });
    return { at: e.createdAt, id: e.id, node };
  }
  if (e.event === "referenced" && e.commitId) {
    const sha = e.commitId;
    const commitRepo =
      (commitOf(repo, sha) ? repo : undefined) ?? [...st.repos.values()].find((r) => commitOf(r, sha));
    const commit = commitRepo ? commitOf(commitRepo, sha) : undefined;
    const node = gqlObject("ReferencedEvent", member, {
      ...base,
      id: () => nodeId("ReferencedEvent", e.id),
      isCrossRepository: () => commitRepo !== undefined && commitRepo !== repo,
      commit: () =>
        commit && commitRepo
          ? gqlObject("Commit", ["Node", "UniformResourceLocatable"], {
              oid: () => commit.sha,
              abbreviatedOid: () => commit.sha.slice(0, 7),
              url: () => `${repoWeb(st, commitRepo)}/commit/${commit.sha}`,
              message: () => commit.message,
              messageHeadline: () => commit.message.split("\n", 1)[0] ?? "",
            })
          : null,
    });
    return { at: e.createdAt, id: e.id, node };
  }
  return undefined;
}

const CURSOR_PREFIX = "cursor:v2:";

function cursorOf(item: Item): string {
  return Buffer.from(`${CURSOR_PREFIX}${item.at}|${item.id}`).toString("base64");
}

function afterCursor(cursor: string): { at: string; id: number } {
  const text = Buffer.from(cursor, "base64").toString();
  const m = /^cursor:v2:(.+)\|(\d+)$/.exec(text);
  if (!m?.[1] || !m[2])
    throw new GqlError(`\`${cursor}\` does not appear to be a valid cursor.`, "INVALID_CURSOR_ARGUMENTS");
  return { at: m[1], id: Number(m[2]) };
}

function timelineItems(st: SimState, repo: RepoRec, rec: IssueRec, args: Record<string, unknown>): GqlObject {
  for (const key of Object.keys(args)) {
    if (!["first", "after", "itemTypes"].includes(key))
      throw new NotSimulated(`timelineItems(${key}:) is not simulated`);
  }
  const rawTypes = args["itemTypes"];
  if (!Array.isArray(rawTypes) || rawTypes.length === 0) {
    throw new NotSimulated("timelineItems without itemTypes (every item type) is not simulated");
  }
  const events = new Set(
    rawTypes.map((t) => {
      const event = SIMULATED_ITEM_TYPES[enumArg(t) ?? ""];
      if (!event)
        throw new NotSimulated(`timelineItems(itemTypes: ${String(enumArg(t) ?? t)}) is not simulated`);
      return event;
    }),
  );
  const first = args["first"];
  if (first === null || first === undefined) {
    throw new GqlError(
      "You must provide a `first` or `last` value to properly paginate the `timelineItems` connection.",
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  if (typeof first !== "number" || !Number.isInteger(first)) throw new NotSimulated("first must be an Int");
  if (first < 0) throw new GqlError("`first` on a connection cannot be less than zero.");
  if (first > 100) {
    throw new GqlError(
      `Requesting ${first} records on the \`timelineItems\` connection exceeds the \`first\` limit of 100 records.`,
      "EXCESSIVE_PAGINATION",
    );
  }
  const after = args["after"];
  if (after !== null && after !== undefined && typeof after !== "string")
    throw new NotSimulated("after must be a String");
  const from = typeof after === "string" ? afterCursor(after) : undefined;

  const all = rec.events
    .filter((e) => events.has(e.event))
    .flatMap((e) => eventItem(st, repo, e) ?? [])
    .sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  const rest = from
    ? all.filter((i) => i.at.localeCompare(from.at) > 0 || (i.at === from.at && i.id > from.id))
    : all;
  const page = rest.slice(0, first);
  const last = page.at(-1);
  const firstItem = page[0];
  const pageInfo = gqlObject("PageInfo", [], {
    hasNextPage: () => rest.length > page.length,
    hasPreviousPage: () => rest.length < all.length,
    endCursor: () => (last ? cursorOf(last) : null),
    startCursor: () => (firstItem ? cursorOf(firstItem) : null),
  });
  return gqlObject("IssueTimelineItemsConnection", [], {
    totalCount: () => all.length,
    pageInfo: () => pageInfo,
    nodes: () => page.map((i) => i.node),
    edges: () =>
      page.map((i) =>
        gqlObject("IssueTimelineItemsEdge", [], { cursor: () => cursorOf(i), node: () => i.node }),
      ),
  });
}
