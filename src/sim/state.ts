/** In-memory records and the container that holds them. */
import type { AppInfo, Permission, ReactionContent } from "./types.js";
import { iso } from "./util.js";

export type UserType = "User" | "Bot" | "Organization";

export interface UserRec {
  id: number;
  login: string;
  type: UserType;
  name: string | null;
  email: string;
  createdAt: string;
}

export interface LabelRec {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface ReactionRec {
  id: number;
  user: string;
  content: ReactionContent;
  createdAt: string;
}

export interface CommentRec {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRec[];
  viaApp: boolean;
  pin: { at: string; by: string } | null;
  /** GraphQL `minimizeComment`'s classifier once hidden (REST does not show it). */
  minimized?: string;
  /** Who made the last edit (GraphQL `editor`); absent while never edited. */
  editor?: string;
}

export interface IssueEventRec {
  id: number;
  event: string;
  actor: string;
  createdAt: string;
  viaApp: boolean;
  label?: { name: string; color: string };
  assignee?: string;
  assigner?: string;
  stateReason?: string | null;
  commitId?: string;
  rename?: { from: string; to: string };
  /** cross-referenced: the referencing issue. */
  source?: { repo: string; number: number };
  /** sub_issue_added / parent_issue_added: the other issue's number. */
  related?: number;
  reviewer?: string;
}

export interface PullRec {
  /** The pull request's own id (distinct from the issue id). */
  id: number;
  head: string;
  base: string;
  /** Last known head/base shas (kept when the branch is deleted). */
  headSha: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  maintainerCanModify: boolean;
}

export interface IssueRec {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: number[];
  assignees: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  comments: CommentRec[];
  events: IssueEventRec[];
  reactions: ReactionRec[];
  subIssues: number[];
  parent: number | null;
  pull: PullRec | null;
  viaApp: boolean;
}

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface CommitRec {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** GitHub user the author/committer email maps to, if any. */
  authorLogin: string | null;
  committerLogin: string | null;
}

/** A tree is stored flat: full path → blob sha. */
export type FlatTree = ReadonlyMap<string, string>;

export interface WorkflowRec {
  id: number;
  path: string;
  createdAt: string;
}

export interface RunRec {
  id: number;
  workflowId: number;
  workflowPath: string;
  name: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: string;
  conclusion: string | null;
  headBranch: string | null;
  headSha: string;
  actor: string;
  displayTitle: string;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
}

export interface DeploymentStatusRec {
  id: number;
  state: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: string;
}

export interface DeploymentRec {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  creator: string;
  payload: Record<string, unknown>;
  productionEnvironment: boolean;
  createdAt: string;
  statuses: DeploymentStatusRec[];
}

export interface CheckAnnotationRec {
  path: string;
  startLine: number;
  endLine: number;
  level: "notice" | "warning" | "failure";
  message: string;
  title: string | null;
  rawDetails: string | null;
}

export interface CheckRunRec {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  detailsUrl: string | null;
  externalId: string;
  annotations: CheckAnnotationRec[];
}

export interface RepoRec {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  collaborators: Map<string, Permission>;
  labels: Map<number, LabelRec>;
  issues: Map<number, IssueRec>;
  nextNumber: number;
  refs: Map<string, string>;
  blobs: Map<string, Buffer>;
  trees: Map<string, FlatTree>;
  commits: Map<string, CommitRec>;
  workflows: Map<string, WorkflowRec>;
  runs: RunRec[];
  deployments: DeploymentRec[];
  checkRuns: CheckRunRec[];
}

export interface StateOptions {
  now: () => Date;
  apiUrl: string;
  webUrl: string;
  app: AppInfo;
}

/** Everything the simulator knows; handlers and model functions share it. */
export class SimState {
  readonly users = new Map<string, UserRec>();
  readonly repos = new Map<string, RepoRec>();
  /** `org/team_slug` → login → role. */
  readonly teams = new Map<string, Map<string, "member" | "maintainer">>();
  /** Token → login of the user it acts as. */
  readonly tokens = new Map<string, string>();
  private seq = 0;
  private shaSeq = 0;

  constructor(readonly opts: StateOptions) {}

  get api(): string {
    return this.opts.apiUrl;
  }

  get web(): string {
    return this.opts.webUrl;
  }

  get app(): AppInfo {
    return this.opts.app;
  }

  get botLogin(): string {
    return `${this.opts.app.slug}[bot]`;
  }

  nextId(): number {
    this.seq += 1;
    return this.seq;
  }

  /** A counter mixed into commit hashes so identical commits still get distinct shas. */
  nextShaSalt(): number {
    this.shaSeq += 1;
    return this.shaSeq;
  }

  now(): Date {
    return this.opts.now();
  }

  nowIso(): string {
    return iso(this.opts.now());
  }

  repoKey(owner: string, name: string): string {
    return `${owner}/${name}`.toLowerCase();
  }

  findRepo(owner: string, name: string): RepoRec | undefined {
    return this.repos.get(this.repoKey(owner, name));
  }

  findUser(login: string): UserRec | undefined {
    return this.users.get(login.toLowerCase());
  }
}
