import type { ActivityItem } from "../core/timeline/entries.js";
import type { ServiceDeps } from "./deps.js";
import type { IssueActivity } from "./port.js";

/**
 * GitHub activity on the incident that Hotwash's log does not have: pull requests and commits
 * that reference it, and issues that mention it. Bots are left out: Hotwash's own pull requests
 * and action items are in the log already, and other bots' references are noise.
 */
export async function loadActivity(deps: ServiceDeps, issueNumber: number): Promise<ActivityItem[]> {
  const items = await deps.port.listIssueActivity(issueNumber);
  return toActivityItems(items);
}

export function toActivityItems(items: readonly IssueActivity[]): ActivityItem[] {
  const seen = new Set<string>();
  const out: ActivityItem[] = [];
  for (const item of items) {
    if (item.actorIsBot) continue;
    // A pull request referencing the issue from its body and three comments is one story line.
    const key = item.kind === "commit" ? `commit:${item.sha}` : `${item.kind}:${item.htmlUrl ?? item.number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      at: item.at,
      actor: item.actor,
      kind: kindOf(item),
      text: describe(item),
      link: item.htmlUrl,
    });
  }
  return out;
}

function kindOf(item: IssueActivity): ActivityItem["kind"] {
  return item.kind === "issue" ? "reference" : item.kind;
}

function describe(item: IssueActivity): string {
  const title = item.title ? `: ${item.title}` : "";
  switch (item.kind) {
    case "pull-request":
      return `Pull request #${item.number}${title}${item.merged ? " (merged)" : ""}`;
    case "issue":
      return `Referenced from #${item.number}${title}`;
    case "commit":
      return `Commit ${(item.sha ?? "").slice(0, 7)} referenced this incident`;
  }
}
