/** Sub-issue links (same repository), with the timeline events GitHub records. */
import { unprocessable } from "../errors.js";
import type { IssueRec, RepoRec, SimState } from "../state.js";
import { addEvent, type Actor } from "./issues.js";

export function findIssueById(st: SimState, id: number): { repo: RepoRec; issue: IssueRec } | undefined {
  for (const repo of st.repos.values()) {
    for (const issue of repo.issues.values()) if (issue.id === id) return { repo, issue };
  }
  return undefined;
}

export function addSubIssue(
  st: SimState,
  repo: RepoRec,
  parent: IssueRec,
  child: IssueRec,
  actor: Actor,
  replaceParent: boolean,
): void {
  if (child.id === parent.id) throw unprocessable("An issue cannot be a sub-issue of itself");
  if (parent.subIssues.includes(child.number))
    throw unprocessable("Issue may not contain duplicate sub-issues");
  if (child.parent !== null && !replaceParent) throw unprocessable("Sub-issue may only have one parent");
  if (child.parent !== null) {
    const old = repo.issues.get(child.parent);
    if (old) old.subIssues = old.subIssues.filter((n) => n !== child.number);
  }
  parent.subIssues.push(child.number);
  child.parent = parent.number;
  addEvent(st, parent, actor, "sub_issue_added", { related: child.number });
  addEvent(st, child, actor, "parent_issue_added", { related: parent.number });
  parent.updatedAt = st.nowIso();
  child.updatedAt = st.nowIso();
}
