/** Issue, comment and reaction state changes; each records the events GitHub would. */
import { notFound } from "../errors.js";
import type { CommentRec, IssueEventRec, IssueRec, ReactionRec, RepoRec, SimState } from "../state.js";
import type { ReactionContent } from "../types.js";
import { ensureLabel, findLabel } from "./repos.js";

/** Who performs a change: a login, and whether it acts through the GitHub App. */
export interface Actor {
  login: string;
  viaApp: boolean;
}

export function issueOr404(repo: RepoRec, number: number): IssueRec {
  const issue = repo.issues.get(number);
  if (!issue) throw notFound();
  return issue;
}

export function addEvent(
  st: SimState,
  issue: IssueRec,
  actor: Actor,
  event: string,
  extra: Partial<IssueEventRec> = {},
): void {
  issue.events.push({
    id: st.nextId(),
    event,
    actor: actor.login,
    createdAt: st.nowIso(),
    viaApp: actor.viaApp,
    ...extra,
  });
}

function touch(st: SimState, issue: IssueRec): void {
  issue.updatedAt = st.nowIso();
}

export interface NewIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
}

export function createIssue(st: SimState, repo: RepoRec, actor: Actor, spec: NewIssue): IssueRec {
  const now = st.nowIso();
  const issue: IssueRec = {
    id: st.nextId(),
    number: repo.nextNumber++,
    title: spec.title,
    body: spec.body ?? null,
    user: actor.login,
    state: "open",
    stateReason: null,
    labels: [],
    assignees: [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    comments: [],
    events: [],
    reactions: [],
    subIssues: [],
    parent: null,
    pull: null,
    viaApp: actor.viaApp,
  };
  repo.issues.set(issue.number, issue);
  if (spec.labels) addLabels(st, repo, issue, actor, spec.labels);
  if (spec.assignees) addAssignees(st, issue, actor, spec.assignees);
  issue.updatedAt = now;
  crossReference(st, repo, issue, actor, issue.body ?? "");
  return issue;
}

export function addLabels(st: SimState, repo: RepoRec, issue: IssueRec, actor: Actor, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(st, repo, name);
    if (issue.labels.includes(label.id)) continue;
    issue.labels.push(label.id);
    addEvent(st, issue, actor, "labeled", { label: { name: label.name, color: label.color } });
    touch(st, issue);
  }
}

/** Replace all labels (unknown names are created). */
export function setLabels(st: SimState, repo: RepoRec, issue: IssueRec, actor: Actor, names: string[]): void {
  const wanted = names.map((n) => ensureLabel(st, repo, n).id);
  for (const id of [...issue.labels]) if (!wanted.includes(id)) removeLabelId(st, repo, issue, actor, id);
  for (const id of wanted) {
    if (issue.labels.includes(id)) continue;
    const label = repo.labels.get(id);
    issue.labels.push(id);
    if (label) addEvent(st, issue, actor, "labeled", { label: { name: label.name, color: label.color } });
    touch(st, issue);
  }
}

function removeLabelId(st: SimState, repo: RepoRec, issue: IssueRec, actor: Actor, id: number): void {
  issue.labels = issue.labels.filter((l) => l !== id);
  const label = repo.labels.get(id);
  if (label) addEvent(st, issue, actor, "unlabeled", { label: { name: label.name, color: label.color } });
  touch(st, issue);
}

/** Remove a label by name; false when the issue does not have it. */
export function removeLabel(
  st: SimState,
  repo: RepoRec,
  issue: IssueRec,
  actor: Actor,
  name: string,
): boolean {
  const label = findLabel(repo, name);
  if (!label || !issue.labels.includes(label.id)) return false;
  removeLabelId(st, repo, issue, actor, label.id);
  return true;
}

export function addAssignees(st: SimState, issue: IssueRec, actor: Actor, logins: string[]): void {
  for (const login of logins) {
    const canonical = st.findUser(login)?.login ?? login;
    if (issue.assignees.some((a) => a.toLowerCase() === canonical.toLowerCase())) continue;
    if (issue.assignees.length >= 10) break;
    issue.assignees.push(canonical);
    addEvent(st, issue, actor, "assigned", { assignee: canonical, assigner: actor.login });
    touch(st, issue);
  }
}

export function removeAssignees(st: SimState, issue: IssueRec, actor: Actor, logins: string[]): void {
  const drop = new Set(logins.map((l) => l.toLowerCase()));
  for (const login of [...issue.assignees]) {
    if (!drop.has(login.toLowerCase())) continue;
    issue.assignees = issue.assignees.filter((a) => a !== login);
    addEvent(st, issue, actor, "unassigned", { assignee: login, assigner: actor.login });
    touch(st, issue);
  }
}

export function setAssignees(st: SimState, issue: IssueRec, actor: Actor, logins: string[]): void {
  const keep = new Set(logins.map((l) => l.toLowerCase()));
  removeAssignees(
    st,
    issue,
    actor,
    issue.assignees.filter((a) => !keep.has(a.toLowerCase())),
  );
  addAssignees(st, issue, actor, logins);
}

export function closeIssue(st: SimState, issue: IssueRec, actor: Actor, reason: string | null): void {
  if (issue.state === "closed") return;
  const now = st.nowIso();
  issue.state = "closed";
  issue.stateReason = issue.pull ? null : (reason ?? "completed");
  issue.closedAt = now;
  issue.closedBy = actor.login;
  addEvent(st, issue, actor, "closed", { stateReason: issue.stateReason });
  touch(st, issue);
}

export function reopenIssue(st: SimState, issue: IssueRec, actor: Actor): void {
  if (issue.state === "open") return;
  issue.state = "open";
  issue.stateReason = issue.pull ? null : "reopened";
  issue.closedAt = null;
  issue.closedBy = null;
  addEvent(st, issue, actor, "reopened", { stateReason: issue.stateReason });
  touch(st, issue);
}

export function renameIssue(st: SimState, issue: IssueRec, actor: Actor, title: string): void {
  if (title === issue.title) return;
  addEvent(st, issue, actor, "renamed", { rename: { from: issue.title, to: title } });
  issue.title = title;
  touch(st, issue);
}

export function editIssueBody(
  st: SimState,
  repo: RepoRec,
  issue: IssueRec,
  actor: Actor,
  body: string | null,
): void {
  issue.body = body;
  touch(st, issue);
  crossReference(st, repo, issue, actor, body ?? "");
}

export function addComment(
  st: SimState,
  repo: RepoRec,
  issue: IssueRec,
  actor: Actor,
  body: string,
): CommentRec {
  const now = st.nowIso();
  const comment: CommentRec = {
    id: st.nextId(),
    issueNumber: issue.number,
    user: actor.login,
    body,
    createdAt: now,
    updatedAt: now,
    reactions: [],
    viaApp: actor.viaApp,
    pin: null,
  };
  issue.comments.push(comment);
  touch(st, issue);
  crossReference(st, repo, issue, actor, body);
  return comment;
}

export function findComment(repo: RepoRec, id: number): { issue: IssueRec; comment: CommentRec } | undefined {
  for (const issue of repo.issues.values()) {
    const comment = issue.comments.find((c) => c.id === id);
    if (comment) return { issue, comment };
  }
  return undefined;
}

export function commentOr404(repo: RepoRec, id: number): { issue: IssueRec; comment: CommentRec } {
  const found = findComment(repo, id);
  if (!found) throw notFound();
  return found;
}

export function editComment(st: SimState, repo: RepoRec, id: number, actor: Actor, body: string): CommentRec {
  const { issue, comment } = commentOr404(repo, id);
  comment.body = body;
  comment.updatedAt = st.nowIso();
  comment.editor = actor.login;
  crossReference(st, repo, issue, actor, body);
  return comment;
}

export function deleteComment(repo: RepoRec, id: number): void {
  const { issue } = commentOr404(repo, id);
  issue.comments = issue.comments.filter((c) => c.id !== id);
}

/** Add a reaction; returns the existing one (created=false) when this user already reacted so. */
export function react(
  st: SimState,
  reactions: ReactionRec[],
  login: string,
  content: ReactionContent,
): { reaction: ReactionRec; created: boolean } {
  const existing = reactions.find(
    (r) => r.user.toLowerCase() === login.toLowerCase() && r.content === content,
  );
  if (existing) return { reaction: existing, created: false };
  const reaction: ReactionRec = { id: st.nextId(), user: login, content, createdAt: st.nowIso() };
  reactions.push(reaction);
  return { reaction, created: true };
}

/** Issues that `text` mentions (`#12`, `owner/repo#12`, issue URLs), resolved against `repo`. */
function mentionedIssues(
  st: SimState,
  repo: RepoRec,
  text: string,
): Array<{ target: RepoRec; number: number; issue: IssueRec }> {
  const mentions = new Map<string, { target: RepoRec; number: number }>();
  const add = (target: RepoRec | undefined, n: string | undefined): void => {
    const number = Number(n);
    if (target && Number.isInteger(number)) mentions.set(`${target.fullName}#${number}`, { target, number });
  };
  for (const m of text.matchAll(/(?:^|[^\w/#])(?:([\w.-]+)\/([\w.-]+))?#(\d+)\b/g)) {
    add(m[1] && m[2] ? st.findRepo(m[1], m[2]) : repo, m[3]);
  }
  const web = st.web.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const m of text.matchAll(new RegExp(`${web}/([\\w.-]+)/([\\w.-]+)/(?:issues|pull)/(\\d+)`, "g"))) {
    add(m[1] && m[2] ? st.findRepo(m[1], m[2]) : undefined, m[3]);
  }
  return [...mentions.values()].flatMap(({ target, number }) => {
    const issue = target.issues.get(number);
    return issue ? [{ target, number, issue }] : [];
  });
}

/** Record `cross-referenced` events on issues that `text` mentions (`#12`, `owner/repo#12`, issue URLs). */
export function crossReference(
  st: SimState,
  repo: RepoRec,
  source: IssueRec,
  actor: Actor,
  text: string,
): void {
  for (const { target, number, issue } of mentionedIssues(st, repo, text)) {
    if (target === repo && number === source.number) continue;
    const already = issue.events.some(
      (e) =>
        e.event === "cross-referenced" &&
        e.source?.repo === repo.fullName &&
        e.source.number === source.number,
    );
    if (!already) {
      addEvent(st, issue, actor, "cross-referenced", {
        source: { repo: repo.fullName, number: source.number },
      });
    }
  }
}

/**
 * Record `referenced` events on issues a pushed commit's message mentions (once per commit and
 * issue), as GitHub does when the commit reaches the repository.
 */
export function commitReference(
  st: SimState,
  repo: RepoRec,
  commitSha: string,
  message: string,
  actor: Actor,
): void {
  for (const { issue } of mentionedIssues(st, repo, message)) {
    const already = issue.events.some((e) => e.event === "referenced" && e.commitId === commitSha);
    if (!already) addEvent(st, issue, actor, "referenced", { commitId: commitSha });
  }
}
