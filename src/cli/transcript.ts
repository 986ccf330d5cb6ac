import { BOARD_MARKER, readBoardData } from "../core/incident/board.js";
import { boardState } from "../core/incident/log.js";
import type { IncidentState } from "../core/incident/state.js";
import type { GitHubSim } from "../sim/index.js";

const REACTION_EMOJI: Record<string, string> = {
  eyes: "👀",
  rocket: "🚀",
  confused: "😕",
  "-1": "👎",
  "+1": "👍",
};

/** What a person watching the issue would see, as plain text, step by step. */
export class Transcript {
  private lines: string[] = [];
  private seenComments = new Set<number>();
  private lastLabels = "";
  private lastAssignees = "";
  private issueNumber = 0;

  constructor(
    private readonly sim: GitHubSim,
    private readonly repo: string,
  ) {}

  title(text: string): void {
    this.lines.push("", `═══ ${text} ═══`, "");
  }

  note(text: string): void {
    this.lines.push(`· ${text}`);
  }

  comment(login: string, body: string): void {
    this.lines.push("", `💬 ${login}:`, ...body.split("\n").map((line) => `     ${line}`));
  }

  /** Reactions on the command, label and assignee changes, and every new reply. */
  after(commentId: number): void {
    const comment = this.sim.comment(this.repo, commentId);
    this.issueNumber = Number(String(comment.issue_url).split("/").pop());
    const reactions = this.sim
      .reactionsBy(this.repo, commentId, this.sim.botLogin)
      .map((r) => REACTION_EMOJI[r] ?? r);
    this.lines.push(`   ${reactions.join(" ") || "(no reaction)"}`);
    this.seenComments.add(commentId);
    this.issueChanges();
    this.newReplies(this.issueNumber);
  }

  run(command: string, service: string, conclusion: string, summary: string): void {
    this.lines.push("", `⚙️  workflow ${command} ${service}: ${conclusion} (report: "${summary}")`);
    this.newReplies(this.issueNumber);
  }

  postmortem(document: string): void {
    this.lines.push("", "📄 Post-mortem document on the pull request:", "", ...indent(document, "   │ "));
  }

  /** The newest check run on a commit, as the pull request's Checks tab shows it. */
  checkRun(sha: string): void {
    const run = this.sim.checkRuns(this.repo, sha).at(-1);
    if (!run) return;
    const title = (run["output"] as { title?: string | null }).title ?? "";
    const icon = run["conclusion"] === "success" ? "✅" : "❌";
    this.lines.push(
      "",
      `${icon} check "${String(run["name"])}" on the pull request: ${String(run["conclusion"])} · ${title}`,
    );
    const shown = run.annotations.slice(0, 3);
    for (const a of shown)
      this.lines.push(`   ${String(a["path"])}:${String(a["start_line"])}: ${String(a["message"])}`);
    if (run.annotations.length > shown.length)
      this.lines.push(`   … and ${run.annotations.length - shown.length} more annotations`);
  }

  /** New comments Hotwash posted on a pull request (the post-mortem's). */
  pullComments(pullNumber: number): void {
    this.newReplies(pullNumber, "on the pull request");
  }

  pullReplies(pullNumber: number): void {
    this.newReplies(pullNumber, "on the pull request");
    const items = this.sim
      .issues(this.repo)
      .filter((i) => i.labels.some((l) => (typeof l === "string" ? l : l.name) === "action-item"));
    for (const item of items) {
      const subIssue = this.sim.subIssues(this.repo, this.issueNumber).includes(item.number)
        ? ", sub-issue of the incident"
        : "";
      this.lines.push(
        `   ↳ action item #${item.number} "${item.title}" assigned to ${item.assignees?.map((a) => a.login).join(", ") || "nobody"}${subIssue}`,
      );
    }
  }

  incidentState(issueNumber: number): IncidentState | null {
    const data = readBoardData(this.boardBody(issueNumber));
    return data ? boardState(data) : null;
  }

  board(issueNumber: number): void {
    const visible = this.boardBody(issueNumber)
      .replace(/<!-- hotwash:data[\s\S]*?-->/, "")
      .trim();
    this.lines.push(
      "",
      "📌 The incident board (pinned comment), as it stands at the end:",
      "",
      ...indent(visible, "   │ "),
    );
  }

  summary(issueNumber: number, ms: number): void {
    const issue = this.sim.issue(this.repo, issueNumber);
    this.lines.push(
      "",
      `Issue #${issueNumber} is ${issue.state}; labels: ${this.sim.issueLabels(this.repo, issueNumber).join(", ")}.`,
      `${this.sim.requests.length} GitHub API requests in ${(ms / 1000).toFixed(1)} s; ${this.checked()}.`,
      "",
    );
  }

  private checked(): string {
    if (!this.sim.validate)
      return "not checked against GitHub's OpenAPI description (@octokit/openapi, a development dependency, is not installed; `npm run demo` in a clone of Hotwash checks them)";
    const violations = this.sim.violations.length;
    return `every one validated against GitHub's OpenAPI description, ${violations ? `${violations} VIOLATIONS` : "none outside it"}`;
  }

  /** A heading and a block of text (a report), indented. */
  section(heading: string, text: string): void {
    this.lines.push("", heading, "", ...indent(text.trimEnd(), "   │ "));
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }

  private boardBody(issueNumber: number): string {
    return (
      this.sim.comments(this.repo, issueNumber).find((c) => c.body?.startsWith(BOARD_MARKER))?.body ?? ""
    );
  }

  private issueChanges(): void {
    const labels = this.sim.issueLabels(this.repo, this.issueNumber).join(", ");
    const assignees = this.sim.issueAssignees(this.repo, this.issueNumber).join(", ");
    if (labels !== this.lastLabels) this.lines.push(`   🏷  labels: ${labels}`);
    if (assignees !== this.lastAssignees) this.lines.push(`   👤 assignees: ${assignees || "none"}`);
    this.lastLabels = labels;
    this.lastAssignees = assignees;
  }

  private newReplies(issueNumber: number, where = ""): void {
    for (const c of this.sim.comments(this.repo, issueNumber)) {
      if (this.seenComments.has(c.id)) continue;
      this.seenComments.add(c.id);
      if (c.body?.startsWith(BOARD_MARKER)) {
        this.lines.push("   📌 board posted and pinned");
        continue;
      }
      if (c.user?.login !== this.sim.botLogin && c.user?.login !== "github-actions[bot]") continue;
      const body = (c.body ?? "").replace(/<!--[\s\S]*?-->\n*/g, "").trim();
      this.lines.push(
        `   🤖 ${c.user.login} replied${where ? ` ${where}` : ""}:`,
        ...indent(body, "      │ "),
      );
    }
  }
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => `${prefix}${line}`);
}
