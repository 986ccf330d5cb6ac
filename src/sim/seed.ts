/**
 * The seeding and inspection API of the simulator: synchronous methods that tests and the demo use
 * to set up state and read it back. Methods that create things return the REST object GitHub would
 * return, so tests can build webhook payloads from them.
 */
import { createRun, runOr404, WORKFLOW_DIR, workflowRec } from "./model/actions.js";
import {
  addDeploymentStatus,
  createDeployment,
  type NewDeployment,
  type NewDeploymentStatus,
} from "./model/deployments.js";
import { branchSha, commitFiles, log, readFile, resolveRef } from "./model/git.js";
import {
  type Actor,
  addAssignees,
  addComment,
  addLabels,
  closeIssue,
  commitReference,
  createIssue,
  deleteComment,
  editComment,
  findComment,
  react,
  removeLabel,
  reopenIssue,
} from "./model/issues.js";
import { createPull, mergePull } from "./model/pulls.js";
import { createRepo, repoByName } from "./model/repos.js";
import { addSubIssue } from "./model/sub-issues.js";
import { ensureUser, teamKey } from "./model/users.js";
import { workflow, workflowRun } from "./present/actions.js";
import { checkAnnotation, checkRun } from "./present/checks.js";
import { deployment, deploymentStatus } from "./present/deployments.js";
import { restCommit } from "./present/git.js";
import { comment, issue, issueLabels, reaction } from "./present/issues.js";
import { pullRequest } from "./present/pulls.js";
import { repository } from "./present/repos.js";
import { simpleUser } from "./present/users.js";
import { type IssueRec, type RepoRec, SimState } from "./state.js";
import {
  type RestComment,
  type RestCommit,
  type RestDeployment,
  type RestDeploymentStatus,
  type RestIssue,
  type RestPull,
  type RestReaction,
  type RestRepository,
  type RestUser,
  type RestWorkflow,
  type RestWorkflowRun,
  typed,
} from "./rest-types.js";
import type { AppInfo, Permission, ReactionContent, RestObject, SimOptions } from "./types.js";

export interface RepoOptions {
  private?: boolean;
  defaultBranch?: string;
  description?: string | null;
  /** Account type of the owner when it does not exist yet (default Organization). */
  ownerType?: "User" | "Organization";
  /** GitHub's default labels (bug, enhancement, …); default true. */
  defaultLabels?: boolean;
}

export interface SeedIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  /** Author login (default: the app's bot). */
  as?: string;
}

export interface SeedRun {
  /** File name under .github/workflows/ or a full path. */
  workflow: string;
  event?: string;
  branch?: string;
  sha?: string;
  status?: "queued" | "in_progress" | "completed" | "requested" | "waiting" | "pending";
  conclusion?: string | null;
  actor?: string;
  inputs?: Record<string, unknown>;
  displayTitle?: string;
}

export class SimSeed {
  protected readonly st: SimState;

  constructor(opts: SimOptions = {}) {
    const app: AppInfo = { id: 1, slug: "hotwash", name: "Hotwash", installationId: 1, ...opts.app };
    this.st = new SimState({
      now: opts.now ?? (() => new Date()),
      apiUrl: opts.apiUrl ?? "https://api.github.com",
      webUrl: opts.webUrl ?? "https://github.com",
      app,
    });
    ensureUser(this.st, this.st.botLogin, "Bot", app.name);
  }

  get app(): AppInfo {
    return { ...this.st.app };
  }

  get installationId(): number {
    return this.st.app.installationId;
  }

  /** Login of the app's bot user (`<slug>[bot]`), the actor of installation tokens. */
  get botLogin(): string {
    return this.st.botLogin;
  }

  protected repo(fullName: string): RepoRec {
    return repoByName(this.st, fullName);
  }

  protected issueRec(fullName: string, number: number): IssueRec {
    const rec = this.repo(fullName).issues.get(number);
    if (!rec) throw new Error(`GitHubSim: no issue #${number} in ${fullName}`);
    return rec;
  }

  protected actor(login: string | undefined): Actor {
    const who = login ?? this.st.botLogin;
    ensureUser(this.st, who);
    return { login: who, viaApp: who === this.st.botLogin };
  }

  // ---- accounts ----

  createRepo(fullName: string, opts: RepoOptions = {}): RestRepository {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`GitHubSim: repo name must be owner/name, got ${fullName}`);
    return typed(repository(this.st, createRepo(this.st, { owner, name, ...opts })));
  }

  repository(fullName: string): RestRepository {
    return typed(repository(this.st, this.repo(fullName)));
  }

  addUser(login: string, opts: { name?: string; type?: "User" | "Organization" } = {}): RestUser {
    ensureUser(this.st, login, opts.type ?? "User", opts.name ?? null);
    return typed(simpleUser(this.st, login));
  }

  /** A bot account (`[bot]` is appended when missing), type Bot. */
  addBot(login: string): RestUser {
    const full = login.endsWith("[bot]") ? login : `${login}[bot]`;
    ensureUser(this.st, full, "Bot");
    return typed(simpleUser(this.st, full));
  }

  user(login: string): RestUser {
    if (!this.st.findUser(login)) throw new Error(`GitHubSim: unknown user ${login}`);
    return typed(simpleUser(this.st, login));
  }

  /** Make `login` a collaborator with this role (creates the user when missing). */
  setPermission(fullName: string, login: string, permission: Permission): void {
    ensureUser(this.st, login);
    this.repo(fullName).collaborators.set(login, permission);
  }

  addTeamMember(
    org: string,
    teamSlug: string,
    login: string,
    role: "member" | "maintainer" = "member",
  ): void {
    ensureUser(this.st, login);
    const key = teamKey(org, teamSlug);
    const team = this.st.teams.get(key) ?? new Map<string, "member" | "maintainer">();
    team.set(login, role);
    this.st.teams.set(key, team);
  }

  /** A token that acts as `login` (a PAT, or GITHUB_TOKEN for `github-actions[bot]`). */
  createToken(login: string, token = `ghp_sim_${login.replace(/\W/g, "")}_${this.st.nextId()}`): string {
    ensureUser(this.st, login);
    this.st.tokens.set(token, login);
    return token;
  }

  // ---- files and commits ----

  /** Commit one file on a branch (created from the default branch when missing); returns the commit sha. */
  setFile(
    fullName: string,
    path: string,
    content: string,
    branch?: string,
    opts: { as?: string; message?: string } = {},
  ): string {
    return this.pushCommit(fullName, {
      branch: branch ?? this.repo(fullName).defaultBranch,
      files: { [path]: content },
      message: opts.message ?? `Update ${path}`,
      as: opts.as ?? this.repo(fullName).owner,
    }).sha;
  }

  /**
   * Push a commit by `as` (a person or bot) changing several files (null deletes); returns the REST
   * commit. Issues its message mentions get a `referenced` timeline event.
   */
  pushCommit(
    fullName: string,
    spec: { branch: string; files: Record<string, string | null>; message?: string; as: string },
  ): RestCommit {
    const repo = this.repo(fullName);
    const author = ensureUser(this.st, spec.as);
    const commit = commitFiles(this.st, repo, {
      branch: spec.branch,
      files: spec.files,
      message: spec.message ?? "Update files",
      author,
    });
    for (const path of Object.keys(spec.files)) {
      if (path.startsWith(WORKFLOW_DIR)) workflowRec(this.st, repo, path);
    }
    // A pushed commit that mentions an issue shows in that issue's timeline as `referenced`.
    commitReference(this.st, repo, commit.sha, commit.message, this.actor(spec.as));
    return typed(restCommit(this.st, repo, commit));
  }

  createBranch(fullName: string, branch: string, from?: string): string {
    const repo = this.repo(fullName);
    const sha = resolveRef(repo, from ?? repo.defaultBranch);
    if (sha === undefined) throw new Error(`GitHubSim: no ref ${from ?? repo.defaultBranch}`);
    repo.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  deleteBranch(fullName: string, branch: string): void {
    this.repo(fullName).refs.delete(`refs/heads/${branch}`);
  }

  branchSha(fullName: string, branch: string): string | undefined {
    return branchSha(this.repo(fullName), branch);
  }

  getFile(fullName: string, path: string, ref?: string): string | undefined {
    const repo = this.repo(fullName);
    const sha = resolveRef(repo, ref ?? repo.defaultBranch);
    return sha === undefined ? undefined : readFile(repo, sha, path)?.toString("utf8");
  }

  /** Commits reachable from `ref` (default branch), newest first, as REST commits. */
  commits(fullName: string, ref?: string): RestCommit[] {
    const repo = this.repo(fullName);
    const sha = resolveRef(repo, ref ?? repo.defaultBranch);
    return sha === undefined
      ? []
      : log(repo, sha).map((c) => typed<RestCommit>(restCommit(this.st, repo, c)));
  }

  // ---- issues, comments, reactions ----

  createIssue(fullName: string, spec: SeedIssue): RestIssue {
    const repo = this.repo(fullName);
    const rec = createIssue(this.st, repo, this.actor(spec.as), spec);
    return typed(issue(this.st, repo, rec));
  }

  issue(fullName: string, number: number): RestIssue {
    return typed(issue(this.st, this.repo(fullName), this.issueRec(fullName, number)));
  }

  issues(fullName: string): RestIssue[] {
    const repo = this.repo(fullName);
    return [...repo.issues.values()].map((i) => typed<RestIssue>(issue(this.st, repo, i)));
  }

  issueLabels(fullName: string, number: number): string[] {
    const repo = this.repo(fullName);
    return issueLabels(this.st, repo, this.issueRec(fullName, number)).map((l) => String(l["name"]));
  }

  issueAssignees(fullName: string, number: number): string[] {
    return [...this.issueRec(fullName, number).assignees];
  }

  labels(fullName: string): string[] {
    return [...this.repo(fullName).labels.values()].map((l) => l.name);
  }

  addLabels(fullName: string, number: number, labels: string[], as?: string): void {
    addLabels(this.st, this.repo(fullName), this.issueRec(fullName, number), this.actor(as), labels);
  }

  removeLabel(fullName: string, number: number, label: string, as?: string): void {
    removeLabel(this.st, this.repo(fullName), this.issueRec(fullName, number), this.actor(as), label);
  }

  assign(fullName: string, number: number, logins: string[], as?: string): void {
    addAssignees(this.st, this.issueRec(fullName, number), this.actor(as), logins);
  }

  closeIssue(
    fullName: string,
    number: number,
    as?: string,
    reason: "completed" | "not_planned" = "completed",
  ): RestIssue {
    const rec = this.issueRec(fullName, number);
    closeIssue(this.st, rec, this.actor(as), reason);
    return typed(issue(this.st, this.repo(fullName), rec));
  }

  reopenIssue(fullName: string, number: number, as?: string): RestIssue {
    const rec = this.issueRec(fullName, number);
    reopenIssue(this.st, rec, this.actor(as));
    return typed(issue(this.st, this.repo(fullName), rec));
  }

  addSubIssue(fullName: string, parent: number, child: number, as?: string): void {
    const repo = this.repo(fullName);
    addSubIssue(
      this.st,
      repo,
      this.issueRec(fullName, parent),
      this.issueRec(fullName, child),
      this.actor(as),
      false,
    );
  }

  subIssues(fullName: string, number: number): number[] {
    return [...this.issueRec(fullName, number).subIssues];
  }

  /** Issue events in order (labeled, assigned, closed, cross-referenced, …), simplified. */
  issueEvents(
    fullName: string,
    number: number,
  ): Array<{ event: string; actor: string; createdAt: string; label?: string; assignee?: string }> {
    return this.issueRec(fullName, number).events.map((e) => ({
      event: e.event,
      actor: e.actor,
      createdAt: e.createdAt,
      ...(e.label ? { label: e.label.name } : {}),
      ...(e.assignee ? { assignee: e.assignee } : {}),
    }));
  }

  createComment(fullName: string, number: number, body: string, as?: string): RestComment {
    const repo = this.repo(fullName);
    return typed(
      comment(
        this.st,
        repo,
        addComment(this.st, repo, this.issueRec(fullName, number), this.actor(as), body),
      ),
    );
  }

  editComment(fullName: string, commentId: number, body: string, as?: string): RestComment {
    const repo = this.repo(fullName);
    return typed(comment(this.st, repo, editComment(this.st, repo, commentId, this.actor(as), body)));
  }

  deleteComment(fullName: string, commentId: number): void {
    deleteComment(this.repo(fullName), commentId);
  }

  comments(fullName: string, number: number): RestComment[] {
    const repo = this.repo(fullName);
    return this.issueRec(fullName, number).comments.map((c) => typed<RestComment>(comment(this.st, repo, c)));
  }

  comment(fullName: string, commentId: number): RestComment {
    const repo = this.repo(fullName);
    const found = findComment(repo, commentId);
    if (!found) throw new Error(`GitHubSim: no comment ${commentId} in ${fullName}`);
    return typed(comment(this.st, repo, found.comment));
  }

  react(fullName: string, commentId: number, content: ReactionContent, as: string): RestReaction {
    const found = findComment(this.repo(fullName), commentId);
    if (!found) throw new Error(`GitHubSim: no comment ${commentId} in ${fullName}`);
    ensureUser(this.st, as);
    return typed(reaction(this.st, react(this.st, found.comment.reactions, as, content).reaction));
  }

  /** Reactions on a comment as `{ content, user }`, oldest first. */
  reactions(fullName: string, commentId: number): Array<{ content: ReactionContent; user: string }> {
    const found = findComment(this.repo(fullName), commentId);
    if (!found) throw new Error(`GitHubSim: no comment ${commentId} in ${fullName}`);
    return found.comment.reactions.map((r) => ({ content: r.content, user: r.user }));
  }

  /** Contents of the reactions `login` left on a comment. */
  reactionsBy(fullName: string, commentId: number, login: string): ReactionContent[] {
    return this.reactions(fullName, commentId)
      .filter((r) => r.user.toLowerCase() === login.toLowerCase())
      .map((r) => r.content);
  }

  issueReactions(fullName: string, number: number): Array<{ content: ReactionContent; user: string }> {
    return this.issueRec(fullName, number).reactions.map((r) => ({ content: r.content, user: r.user }));
  }

  // ---- pull requests ----

  createPull(
    fullName: string,
    spec: { head: string; base?: string; title: string; body?: string | null; draft?: boolean; as?: string },
  ): RestPull {
    const repo = this.repo(fullName);
    return typed(pullRequest(this.st, repo, createPull(this.st, repo, this.actor(spec.as), spec)));
  }

  pull(fullName: string, number: number): RestPull {
    const rec = this.issueRec(fullName, number);
    if (!rec.pull) throw new Error(`GitHubSim: #${number} in ${fullName} is not a pull request`);
    return typed(pullRequest(this.st, this.repo(fullName), rec));
  }

  /** Merge as a person would in the UI; returns the merged pull request. */
  mergePull(
    fullName: string,
    number: number,
    as?: string,
    method: "merge" | "squash" | "rebase" = "merge",
  ): RestPull {
    const repo = this.repo(fullName);
    mergePull(this.st, repo, this.issueRec(fullName, number), this.actor(as), { method });
    return this.pull(fullName, number);
  }

  // ---- actions ----

  private workflowPath(name: string): string {
    return name.includes("/") ? name : `${WORKFLOW_DIR}${name}`;
  }

  workflow(fullName: string, workflowFile: string): RestWorkflow {
    const repo = this.repo(fullName);
    return typed(workflow(this.st, repo, workflowRec(this.st, repo, this.workflowPath(workflowFile))));
  }

  createRun(fullName: string, spec: SeedRun): RestWorkflowRun {
    const repo = this.repo(fullName);
    const run = createRun(this.st, repo, {
      ...spec,
      workflowPath: this.workflowPath(spec.workflow),
      actor: spec.actor ?? this.st.botLogin,
    });
    ensureUser(this.st, run.actor);
    return typed(workflowRun(this.st, repo, run));
  }

  run(fullName: string, runId: number): RestWorkflowRun {
    const repo = this.repo(fullName);
    return typed(workflowRun(this.st, repo, runOr404(repo, runId)));
  }

  updateRun(
    fullName: string,
    runId: number,
    change: { status?: string; conclusion?: string | null },
  ): RestWorkflowRun {
    const repo = this.repo(fullName);
    const run = runOr404(repo, runId);
    if (change.status !== undefined) run.status = change.status;
    if (change.conclusion !== undefined) run.conclusion = change.conclusion;
    run.updatedAt = this.st.nowIso();
    if (change.status === "in_progress") run.runStartedAt = run.updatedAt;
    return typed(workflowRun(this.st, repo, run));
  }

  startRun(fullName: string, runId: number): RestWorkflowRun {
    return this.updateRun(fullName, runId, { status: "in_progress" });
  }

  completeRun(fullName: string, runId: number, conclusion = "success"): RestWorkflowRun {
    return this.updateRun(fullName, runId, { status: "completed", conclusion });
  }

  // ---- deployments ----

  createDeployment(
    fullName: string,
    spec: Omit<NewDeployment, "creator"> & { creator?: string; statuses?: NewDeploymentStatus[] },
  ): RestDeployment {
    const repo = this.repo(fullName);
    const creator = spec.creator ?? repo.owner;
    ensureUser(this.st, creator);
    const dep = createDeployment(this.st, repo, { ...spec, creator });
    for (const s of spec.statuses ?? []) addDeploymentStatus(this.st, dep, s);
    return typed(deployment(this.st, repo, dep));
  }

  addDeploymentStatus(
    fullName: string,
    deploymentId: number,
    status: NewDeploymentStatus,
  ): RestDeploymentStatus {
    const repo = this.repo(fullName);
    const dep = repo.deployments.find((d) => d.id === deploymentId);
    if (!dep) throw new Error(`GitHubSim: no deployment ${deploymentId} in ${fullName}`);
    return typed(deploymentStatus(this.st, repo, dep, addDeploymentStatus(this.st, dep, status)));
  }

  // ---- check runs ----

  /**
   * Check runs on a commit (a sha or branch name), oldest first, each with its annotations as the
   * REST API lists them: what a pull request's Checks tab shows.
   */
  checkRuns(fullName: string, ref: string): Array<RestObject & { annotations: RestObject[] }> {
    const repo = this.repo(fullName);
    const sha = resolveRef(repo, ref);
    return repo.checkRuns
      .filter((r) => r.headSha === sha)
      .map((r) => ({
        ...checkRun(this.st, repo, r),
        annotations: r.annotations.map((a) => checkAnnotation(this.st, repo, r, a)),
      }));
  }
}
