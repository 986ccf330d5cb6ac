import type { CommentSnapshot } from "../services/port.js";
import type { OctokitClient } from "./octokit-port.js";

/** GitHub answers at most 100 ids a request. */
const PAGE = 100;

interface ActorNode {
  __typename?: string;
  login?: string;
}

interface CommentNode {
  id?: string;
  databaseId?: number;
  body?: string;
  createdAt?: string;
  lastEditedAt?: string | null;
  url?: string;
  author?: ActorNode | null;
  editor?: ActorNode | null;
}

/** Body and last editor in one selection: the editor said is the editor of this body. */
const NODES = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on IssueComment {
      id databaseId body createdAt lastEditedAt url
      author { __typename login }
      editor { __typename login }
    }
  }
}`;

const VIEWER = `query { viewer { __typename login } }`;

/** Comments by GraphQL id, with `editor`, 100 a request; ids GitHub cannot resolve are left out. */
export async function readEditedComments(
  octokit: OctokitClient,
  nodeIds: readonly string[],
): Promise<Map<string, CommentSnapshot>> {
  const comments = new Map<string, CommentSnapshot>();
  for (let i = 0; i < nodeIds.length; i += PAGE) {
    for (const node of await nodes(octokit, nodeIds.slice(i, i + PAGE))) {
      if (node?.id && node.databaseId !== undefined) comments.set(node.id, commentFromNode(node));
    }
  }
  return comments;
}

/** The token's own login, as REST spells it (`slug[bot]` for an App's bot, whose GraphQL login has no suffix). */
export async function viewerLogin(octokit: OctokitClient): Promise<string> {
  const { viewer } = await octokit.graphql<{ viewer: ActorNode }>(VIEWER);
  return restLogin(viewer) ?? "ghost";
}

/** Deleted comments come back null with an error; the others are still answered. */
async function nodes(octokit: OctokitClient, ids: string[]): Promise<(CommentNode | null)[]> {
  try {
    return (await octokit.graphql<{ nodes: (CommentNode | null)[] }>(NODES, { ids })).nodes;
  } catch (error) {
    const partial = (error as { data?: { nodes?: (CommentNode | null)[] } }).data?.nodes;
    if (partial) return partial;
    throw error;
  }
}

function commentFromNode(node: CommentNode): CommentSnapshot {
  return {
    id: node.databaseId ?? 0,
    author: restLogin(node.author) ?? "ghost",
    authorIsBot: node.author?.__typename === "Bot",
    edited: Boolean(node.lastEditedAt),
    editor: restLogin(node.editor),
    body: node.body ?? "",
    createdAt: node.createdAt ?? "",
    htmlUrl: node.url ?? "",
    ...(node.id ? { nodeId: node.id } : {}),
  };
}

function restLogin(actor: ActorNode | null | undefined): string | null {
  const login = actor?.login;
  if (!login) return null;
  return actor.__typename === "Bot" && !login.endsWith("[bot]") ? `${login}[bot]` : login;
}
