/** Issues, labels, comments, reactions, issue events and timeline items. */
import { authorAssociation } from "../model/users.js";
import type {
  CommentRec,
  IssueEventRec,
  IssueRec,
  LabelRec,
  ReactionRec,
  RepoRec,
  SimState,
} from "../state.js";
import type { RestObject } from "../types.js";
import { enc, nodeId } from "../util.js";
import { integration } from "./app.js";
import { repoApi, repoWeb, repository } from "./repos.js";
import { simpleUser, simpleUserOrNull } from "./users.js";

export function label(st: SimState, repo: RepoRec, l: LabelRec): RestObject {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${repoApi(st, repo)}/labels/${enc(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.default,
    description: l.description,
  };
}

export function issueLabels(st: SimState, repo: RepoRec, issue: IssueRec): RestObject[] {
  return issue.labels.flatMap((id) => {
    const l = repo.labels.get(id);
    return l ? [label(st, repo, l)] : [];
  });
}

export function reactionRollup(url: string, reactions: ReactionRec[]): RestObject {
  const count = (c: string): number => reactions.filter((r) => r.content === c).length;
  return {
    url,
    total_count: reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    hooray: count("hooray"),
    confused: count("confused"),
    heart: count("heart"),
    rocket: count("rocket"),
    eyes: count("eyes"),
  };
}

export function reaction(st: SimState, r: ReactionRec): RestObject {
  return {
    id: r.id,
    node_id: nodeId("Reaction", r.id),
    user: simpleUser(st, r.user),
    content: r.content,
    created_at: r.createdAt,
  };
}

function app(st: SimState, viaApp: boolean): RestObject | null {
  return viaApp ? integration(st) : null;
}

export function issueApi(st: SimState, repo: RepoRec, number: number): string {
  return `${repoApi(st, repo)}/issues/${number}`;
}

export function issue(st: SimState, repo: RepoRec, rec: IssueRec): RestObject {
  const api = issueApi(st, repo, rec.number);
  const web = `${repoWeb(st, repo)}/${rec.pull ? "pull" : "issues"}/${rec.number}`;
  const assignees = rec.assignees.map((a) => simpleUser(st, a));
  const children = rec.subIssues.flatMap((n) => {
    const child = repo.issues.get(n);
    return child ? [child] : [];
  });
  const completed = children.filter((c) => c.state === "closed").length;
  return {
    url: api,
    repository_url: repoApi(st, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: web,
    id: rec.id,
    node_id: nodeId("Issue", rec.id),
    number: rec.number,
    title: rec.title,
    user: simpleUser(st, rec.user),
    labels: issueLabels(st, repo, rec),
    state: rec.state,
    locked: rec.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: rec.comments.length,
    created_at: rec.createdAt,
    updated_at: rec.updatedAt,
    closed_at: rec.closedAt,
    closed_by: simpleUserOrNull(st, rec.closedBy),
    author_association: authorAssociation(st, repo, rec.user),
    type: null,
    active_lock_reason: null,
    ...(rec.pull
      ? {
          draft: rec.pull.draft,
          pull_request: {
            url: `${repoApi(st, repo)}/pulls/${rec.number}`,
            html_url: web,
            diff_url: `${web}.diff`,
            patch_url: `${web}.patch`,
            merged_at: rec.pull.mergedAt,
          },
        }
      : {}),
    body: rec.body,
    reactions: reactionRollup(`${api}/reactions`, rec.reactions),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: app(st, rec.viaApp),
    state_reason: rec.stateReason,
    pinned_comment: pinnedComment(st, repo, rec),
    sub_issues_summary: {
      total: children.length,
      completed,
      percent_completed: children.length === 0 ? 0 : Math.floor((completed * 100) / children.length),
    },
  };
}

function pinnedComment(st: SimState, repo: RepoRec, rec: IssueRec): RestObject | null {
  const pinned = rec.comments.find((c) => c.pin);
  return pinned ? comment(st, repo, pinned) : null;
}

export function comment(st: SimState, repo: RepoRec, c: CommentRec): RestObject {
  const url = `${repoApi(st, repo)}/issues/comments/${c.id}`;
  const issueRec = repo.issues.get(c.issueNumber);
  const kind = issueRec?.pull ? "pull" : "issues";
  return {
    url,
    html_url: `${repoWeb(st, repo)}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: issueApi(st, repo, c.issueNumber),
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    user: simpleUser(st, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: authorAssociation(st, repo, c.user),
    body: c.body,
    reactions: reactionRollup(`${url}/reactions`, c.reactions),
    performed_via_github_app: app(st, c.viaApp),
    pin: c.pin ? { pinned_at: c.pin.at, pinned_by: simpleUser(st, c.pin.by) } : null,
  };
}

function issueReference(st: SimState, repo: RepoRec, number: number | undefined): RestObject | null {
  const rec = number === undefined ? undefined : repo.issues.get(number);
  if (!rec) return null;
  const full = repository(st, repo);
  return {
    number: rec.number,
    title: rec.title,
    state: rec.state,
    state_reason: rec.stateReason,
    repository: full,
  };
}

/** An issue event as the events endpoint returns it (and the timeline, for non-comment events). */
export function issueEvent(st: SimState, repo: RepoRec, e: IssueEventRec): RestObject {
  const base: RestObject = {
    id: e.id,
    node_id: nodeId("IssueEvent", e.id),
    url: `${repoApi(st, repo)}/issues/events/${e.id}`,
    actor: simpleUser(st, e.actor),
    event: e.event,
    commit_id: e.commitId ?? null,
    commit_url: e.commitId ? `${repoApi(st, repo)}/commits/${e.commitId}` : null,
    created_at: e.createdAt,
    performed_via_github_app: app(st, e.viaApp),
  };
  if (e.label) base["label"] = { name: e.label.name, color: e.label.color };
  if (e.assignee) {
    base["assignee"] = simpleUser(st, e.assignee);
    base["assigner"] = simpleUser(st, e.assigner ?? e.actor);
  }
  if (e.stateReason !== undefined) base["state_reason"] = e.stateReason;
  if (e.rename) base["rename"] = { ...e.rename };
  if (e.reviewer) {
    base["review_requester"] = simpleUser(st, e.actor);
    base["requested_reviewer"] = simpleUser(st, e.reviewer);
  }
  if (e.event === "sub_issue_added") base["sub_issue"] = issueReference(st, repo, e.related);
  if (e.event === "parent_issue_added") base["parent_issue"] = issueReference(st, repo, e.related);
  return base;
}

/** Events the `/issues/{n}/events` endpoint lists (comments and cross-references are timeline-only). */
export function listsAsIssueEvent(e: IssueEventRec): boolean {
  return e.event !== "cross-referenced";
}

/** The issue's timeline (lazy items): events, comments (`commented`) and cross-references, oldest first. */
export function timeline(st: SimState, repo: RepoRec, rec: IssueRec): Array<() => RestObject> {
  const items: Array<{ at: string; seq: number; obj: () => RestObject }> = [];
  for (const e of rec.events) {
    if (e.event === "cross-referenced" && e.source) {
      const source = st.findRepo(...(e.source.repo.split("/") as [string, string]));
      const sourceIssue = source?.issues.get(e.source.number);
      if (!source || !sourceIssue) continue;
      items.push({
        at: e.createdAt,
        seq: e.id,
        obj: () => ({
          event: "cross-referenced",
          actor: simpleUser(st, e.actor),
          created_at: e.createdAt,
          updated_at: e.createdAt,
          source: {
            type: "issue",
            issue: { ...issue(st, source, sourceIssue), repository: repository(st, source) },
          },
        }),
      });
    } else {
      items.push({ at: e.createdAt, seq: e.id, obj: () => issueEvent(st, repo, e) });
    }
  }
  for (const c of rec.comments) {
    items.push({
      at: c.createdAt,
      seq: c.id,
      obj: () => ({ event: "commented", actor: simpleUser(st, c.user), ...comment(st, repo, c) }),
    });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq).map((i) => i.obj);
}
