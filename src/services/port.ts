import type { Permission } from "../core/config/schema.js";
import type { LabelSpec } from "../core/incident/labels.js";
import type { BranchComparison } from "../core/postmortem/branch.js";

/**
 * Everything the services need from GitHub. `src/github` implements it over Octokit; services and
 * tests never see Octokit. Methods throw `GitHubError` (below) so replies can explain failures.
 */
export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueSnapshot {
  number: number;
  /** REST `id` (not the number): the sub-issues endpoint wants it. */
  id: number;
  title: string;
  body: string;
  state: "open" | "closed";
  /** Why it was closed (`completed`, `not_planned`, …), when GitHub says. */
  stateReason?: string | null;
  labels: string[];
  assignees: string[];
  author: string;
  createdAt: string;
  htmlUrl: string;
  /** The issue's pinned comment when GitHub says (usually the board): saves paging through comments. */
  pinnedComment?: CommentSnapshot | null;
}

export interface CommentSnapshot {
  id: number;
  author: string;
  authorIsBot: boolean;
  /** The text was changed after posting: an edit never runs (or replays) a command. */
  edited?: boolean;
  body: string;
  createdAt: string;
  htmlUrl: string;
  /** GraphQL id (REST `node_id`), when known: boards of many incidents are read together by it. */
  nodeId?: string;
  /** Who made the last edit, when read with it (`GitHubPort.readEdited`); null: never edited. */
  editor?: string | null;
}

/** A label added to or removed from an issue, and by whom (the issue's events). */
export interface LabelEvent {
  action: "labeled" | "unlabeled";
  label: string;
  actor: string;
  actorIsBot: boolean;
  at: string;
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export type ConfigLoad =
  | { kind: "found"; raw: unknown }
  | { kind: "missing" }
  /** The file exists but is not YAML, or `_extends` points nowhere. */
  | { kind: "unreadable"; problem: string };

export interface WorkflowDispatchRequest {
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

export interface WorkflowDispatchResult {
  runId: number | null;
  runUrl: string | null;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  creator: string;
  /** Latest status state ("success", "failure", …), or null when it has none. */
  state: string | null;
}

export interface MergedPull {
  number: number;
  title: string;
  author: string;
  mergedAt: string;
  htmlUrl: string;
}

/** A pull request, commit or issue that refers to an issue (from the issue's timeline). */
export interface IssueActivity {
  kind: "pull-request" | "issue" | "commit";
  at: string;
  actor: string;
  actorIsBot: boolean;
  /** Pull request or issue number (null for commits). */
  number: number | null;
  title: string | null;
  /** Pull request or issue page; for commits, the commit's page (null when unknown). */
  htmlUrl: string | null;
  /** For commits. */
  sha: string | null;
  /** Pull requests: merged before now. */
  merged: boolean;
}

export interface PullSnapshot {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  merged: boolean;
  author: string;
  head: string;
  base: string;
  htmlUrl: string;
}

export interface PullUpsert {
  branch: string;
  base: string;
  title: string;
  body: string;
  /** Path → text content, committed together in one commit on top of `base`. */
  files: Record<string, string>;
  commitMessage: string;
  labels: string[];
}

export type { BranchComparison };

/** A line range of a file in a check run: GitHub shows it in the pull request's diff. */
export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckRunRequest {
  name: string;
  headSha: string;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  /** Markdown. */
  summary: string;
  annotations: CheckAnnotation[];
}

export interface GitHubPort {
  readonly repo: RepoRef;
  loadConfig(): Promise<ConfigLoad>;
  /** Repository permission (`role_name`) or "none"; implementations cache per login. */
  getPermission(login: string): Promise<Permission | "none">;
  isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  isAssignable(login: string): Promise<boolean>;
  getIssue(issueNumber: number): Promise<IssueSnapshot>;
  /** Issues carrying a label, 100 a page: open, closed or all, optionally only those updated since a time. */
  listIssues(label: string, state: "open" | "closed" | "all", since?: string): Promise<IssueSnapshot[]>;
  getComment(commentId: number): Promise<CommentSnapshot>;
  /**
   * The login Hotwash writes as here (the App's bot, the workflow token's `github-actions[bot]`):
   * only its comments can be its board and log pages. Null when the face cannot know (the CLI
   * with a person's token): then any bot's.
   */
  identity(): Promise<string | null>;
  /**
   * Comments by GraphQL id as they are now, each with `editor` (who made the last edit) read in the
   * same request as its body, 100 a request; ids GitHub no longer knows are left out.
   */
  readEdited(nodeIds: string[]): Promise<Map<string, CommentSnapshot>>;
  /** Labels added and removed, oldest first, with who did it (the issue's events, every page). */
  listLabelEvents(issueNumber: number): Promise<LabelEvent[]>;
  /** Every comment, oldest first, 100 a page. */
  listComments(issueNumber: number): Promise<CommentSnapshot[]>;
  /**
   * Hotwash's board comment (hidden marker, written by `identity()`; another author's never is),
   * reading as few pages as possible: the pinned comment when it is the board, else the first
   * page, else the issue's pinned comment, else every page.
   */
  findBoard(
    issueNumber: number,
    marker: string,
    pinned?: CommentSnapshot | null,
  ): Promise<CommentSnapshot | null>;
  createComment(issueNumber: number, body: string): Promise<CommentSnapshot>;
  /**
   * Post a comment and hide it (minimized as outdated) so people scrolling the issue skip it.
   * When GitHub will not hide it, `hidden` is false with the reason: the comment is posted either way.
   */
  createHiddenComment(
    issueNumber: number,
    body: string,
  ): Promise<{ comment: CommentSnapshot; hidden: boolean; problem?: string }>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** Pin a comment to its issue; resolves false where the server does not support pinning. */
  pinComment(commentId: number): Promise<boolean>;
  /** Reactions bots (Hotwash) left on a comment: the receipt of a command when the log is lost. */
  botReactions(commentId: number): Promise<ReactionContent[]>;
  /** Resolves true when the reaction is new (201), false when it was already there (a redelivery). */
  react(commentId: number, content: ReactionContent): Promise<boolean>;
  /** One request: labels (replace: only for issues Hotwash creates), assignees (replace) and state together. */
  updateIssue(
    issueNumber: number,
    patch: {
      labels?: string[];
      assignees?: string[];
      state?: "open" | "closed";
      stateReason?: "completed" | "not_planned" | "reopened";
    },
  ): Promise<void>;
  createIssue(issue: {
    title: string;
    body: string;
    labels: string[];
    assignees: string[];
  }): Promise<IssueSnapshot>;
  addSubIssue(parentNumber: number, childId: number): Promise<void>;
  defaultBranch(): Promise<string>;
  dispatchWorkflow(request: WorkflowDispatchRequest): Promise<WorkflowDispatchResult>;
  /**
   * The newest `limit` deployments to one environment (null: to any), with their latest status;
   * with `since`, older ones are left out before their statuses are read.
   */
  listDeployments(environment: string | null, limit: number, since?: string): Promise<Deployment[]>;
  listMergedPulls(since: string, until: string): Promise<MergedPull[]>;
  /** A file's text on a ref (default branch when omitted), or null when it does not exist. */
  readFile(path: string, ref?: string): Promise<string | null>;
  /**
   * Create or replace one file on a branch in one commit (the contents API). Resolves the new
   * commit's sha, or null when the file already held exactly this text (no commit).
   */
  commitFile(request: {
    path: string;
    content: string;
    message: string;
    branch: string;
  }): Promise<string | null>;
  /**
   * Pull requests, issues and commits that refer to the issue: GraphQL timeline items filtered to
   * references (100 a request, comments never read), falling back to the REST timeline.
   */
  listIssueActivity(issueNumber: number): Promise<IssueActivity[]>;
  /** `base...head` (GitHub's compare): what the branch adds; null when the branch does not exist. */
  compareBranch(base: string, head: string): Promise<BranchComparison | null>;
  /** The pull request from this branch: the open one, else the most recent; null when none. */
  findPullByHead(branch: string): Promise<PullSnapshot | null>;
  /**
   * One commit with `files` on top of `base`, force-pushed to `branch`, and the pull request
   * opened (or its title and body updated). It DISCARDS whatever else is on the branch: call it
   * only for a branch that does not exist or that `compareBranch` shows nobody else wrote to.
   */
  upsertPull(request: PullUpsert): Promise<PullSnapshot>;
  /** Open a pull request for an existing branch as it is. */
  openPull(request: { head: string; base: string; title: string; body: string }): Promise<PullSnapshot>;
  /** Add labels (created if the repository lacks them); resolves to the issue's labels after. */
  addLabels(issueNumber: number, labels: string[]): Promise<string[]>;
  /** Remove one label; resolves to the issue's labels after, or null when it was not on the issue. */
  removeLabel(issueNumber: number, name: string): Promise<string[] | null>;
  /** Names of the repository's labels, every page. */
  listLabels(): Promise<string[]>;
  /** Create a repository label; resolves false when one of that name already exists. */
  createLabel(label: LabelSpec): Promise<boolean>;
  requestReviewers(pullNumber: number, reviewers: string[]): Promise<void>;
  /**
   * A completed check run on a commit, every annotation attached (GitHub takes 50 a request: the
   * rest are appended by updating the run). Resolves to the run's page.
   */
  createCheckRun(run: CheckRunRequest): Promise<{ id: number; htmlUrl: string | null }>;
}

/** A repository of an installation, with its web address (links in rendered text). */
export interface InstalledRepo extends RepoRef {
  htmlUrl: string;
}

/** Issues to find across an installation with GitHub's issue search (the reminder sweep). */
export interface IssueSearch {
  /** Issues carrying any of these labels. */
  labels: string[];
  state: "open" | "closed";
  /** Only issues updated at or after this time (ISO). */
  updatedSince?: string;
  /** Only these repositories (an installation on selected repositories); else every repository of the account. */
  repos?: RepoRef[];
}

export interface FoundIssue {
  repo: InstalledRepo;
  /** As the search index has it: `pinnedComment` says which comment is the board, not what it says now. */
  issue: IssueSnapshot;
}

/**
 * What the App's reminder sweep needs from one installation: a few requests for all of its
 * repositories instead of a few for each. `src/github/installations.ts` implements it.
 */
export interface InstallationPort {
  /** The account the App is installed on (an organization or a user). */
  readonly account: string;
  /** Installed on every repository of the account, or on selected ones. */
  readonly allRepositories: boolean;
  /** Repositories the installation can see, without archived ones and ones with issues turned off. */
  listRepositories(): Promise<InstalledRepo[]>;
  /** Every issue matching, 100 a request (GitHub answers at most 1,000 per query). */
  searchIssues(search: IssueSearch): Promise<FoundIssue[]>;
  /** Comments by GraphQL id, 100 a request, read now; ids GitHub no longer knows are left out. */
  readComments(nodeIds: string[]): Promise<Map<string, CommentSnapshot>>;
  /** The port for one of its repositories. */
  repository(repo: InstalledRepo): GitHubPort;
}

/** What went wrong talking to GitHub, in terms a reply can explain. */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly kind: "not-found" | "forbidden" | "rate-limited" | "validation" | "server" | "network",
    /** For rate limits: when GitHub says it resets (ISO). */
    readonly resetAt: string | null = null,
  ) {
    super(message);
    this.name = "GitHubError";
  }
}
