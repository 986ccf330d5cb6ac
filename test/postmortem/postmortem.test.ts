import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { TIMELINE_COMMENT_MARKER } from "../../src/services/postmortem.js";
import { harness, postmortemPull, REPO, type Harness } from "./harness.js";

const BRANCH = "hotwash/postmortem-1";
const PATH = "docs/postmortems/2024-05-01-1-checkout-api-returns-500s.md";

async function openPostmortem(): Promise<Harness> {
  const h = await harness();
  await h.resolvedIncident();
  await h.comment(1, "/postmortem", "bob");
  return h;
}

describe("/postmortem", () => {
  it("commits the document on its branch and opens a labelled pull request with the commander as reviewer", async () => {
    const h = await openPostmortem();
    const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
    const { data, content } = matter(doc);
    expect(data).toMatchObject({ incident: 1, severity: "sev1", commander: "bob", status: "resolved" });
    expect(content).toContain("Status → identified: Bad deploy, cc @\u200bdave");

    const pull = postmortemPull(h);
    expect(pull).toMatchObject({
      title: "Post-mortem: Checkout API returns 500s (#1)",
      head: { ref: BRANCH },
      base: { ref: "main" },
      state: "open",
    });
    expect(String(pull["body"])).toContain("Post-mortem for #1");
    expect(h.sim.issueLabels(REPO, Number(pull["number"]))).toEqual(["postmortem"]);
    expect((pull["requested_reviewers"] as { login: string }[]).map((u) => u.login)).toEqual(["bob"]);
    // Nothing lands on the default branch before the merge.
    expect(h.sim.getFile(REPO, PATH)).toBeUndefined();

    const reply = h.lastReply(1);
    expect(reply).toContain(`Opened the post-mortem pull request [#${pull["number"]}]`);
    expect(reply).toContain("Review requested from the commander, @\u200bbob.");
    expect(reply).toContain("Due 2024-05-03 10:35 UTC (sev1 post-mortems are due 48h after resolution)");
    // The board links the pull request.
    expect(h.board(1)).toContain(`### Post-mortem\n\n[#${pull["number"]}](${String(pull["html_url"])})`);
    expect(h.board(1)).toContain(`\`${PATH}\``);
  });

  it("rewrites its own document on the same branch and pull request while nobody else has pushed", async () => {
    const h = await openPostmortem();
    const first = postmortemPull(h);
    h.advance(60);
    await h.comment(1, "/note Customer support confirmed no data loss", "carol");
    await h.comment(1, "/postmortem", "bob");

    expect(h.pulls()).toHaveLength(1);
    expect(h.sim.getFile(REPO, PATH, BRANCH)).toContain("Customer support confirmed no data loss");
    // The plugin rebuilds the branch from main: still one commit ahead, Hotwash's.
    const ahead = h.sim.commits(REPO, BRANCH).length - h.sim.commits(REPO, "main").length;
    expect(ahead).toBe(1);
    expect(h.lastReply(1)).toContain(`Updated the post-mortem in [#${first["number"]}]`);

    await h.comment(1, "/postmortem", "bob");
    expect(h.lastReply(1)).toContain("is already up to date");
  });

  it("keeps a person's edits: the file stays theirs and the refreshed timeline goes on the pull request", async () => {
    const h = await openPostmortem();
    const pull = postmortemPull(h);
    const edited = `${h.sim.getFile(REPO, PATH, BRANCH) ?? ""}\nRoot cause: the pool size change in v1.4.3.\n`;
    h.sim.pushCommit(REPO, {
      branch: BRANCH,
      files: { [PATH]: edited },
      message: "Write root cause",
      as: "carol",
    });
    const head = h.sim.branchSha(REPO, BRANCH);

    h.advance(60);
    await h.comment(1, "/note Late finding: retries amplified the load", "carol");
    await h.comment(1, "/postmortem", "bob");

    expect(h.sim.getFile(REPO, PATH, BRANCH)).toBe(edited);
    expect(h.sim.branchSha(REPO, BRANCH)).toBe(head);
    const comments = h.sim.comments(REPO, Number(pull["number"])).map((c) => String(c["body"]));
    const refreshed = comments.find((body) => body.startsWith(TIMELINE_COMMENT_MARKER)) ?? "";
    expect(refreshed).toContain("Late finding: retries amplified the load");
    expect(refreshed).toContain("| Time (UTC) | Who | What |");
    expect(refreshed).toContain("```mermaid");
    expect(h.lastReply(1)).toContain("People have edited the post-mortem (commits by @\u200bcarol)");
  });

  it("treats an amended Hotwash commit as a person's edit", async () => {
    const h = await openPostmortem();
    const commit = h.sim.commits(REPO, BRANCH)[0] as { commit: { message: string } };
    // Same message, trailer included, different content: a person rewrote Hotwash's commit.
    h.sim.deleteBranch(REPO, BRANCH);
    h.sim.createBranch(REPO, BRANCH, "main");
    h.sim.pushCommit(REPO, {
      branch: BRANCH,
      files: { [PATH]: "# Our own words\n" },
      message: commit.commit.message,
      as: "carol",
    });
    await h.comment(1, "/postmortem", "bob");
    expect(h.sim.getFile(REPO, PATH, BRANCH)).toBe("# Our own words\n");
    expect(h.lastReply(1)).toContain("People have edited the post-mortem");
  });

  it("opens the pull request for a branch a person started, without touching their file", async () => {
    const h = await harness();
    await h.resolvedIncident();
    h.sim.pushCommit(REPO, {
      branch: BRANCH,
      files: { [PATH]: "# Draft by carol\n" },
      message: "Start post-mortem",
      as: "carol",
    });
    await h.comment(1, "/postmortem", "bob");

    expect(h.sim.getFile(REPO, PATH, BRANCH)).toBe("# Draft by carol\n");
    const pull = postmortemPull(h);
    expect(pull.head.ref).toBe(BRANCH);
    expect(h.sim.issueLabels(REPO, pull.number)).toEqual(["postmortem"]);
    expect(pull.requested_reviewers?.map((u) => u.login)).toEqual(["bob"]);
    const comments = h.sim.comments(REPO, pull.number).map((c) => String(c["body"]));
    expect(comments[0]).toContain(TIMELINE_COMMENT_MARKER);
    expect(h.board(1)).toContain(`[#${pull.number}]`);
  });

  it("never overwrites a post-mortem that is already on the default branch", async () => {
    const h = await harness();
    h.sim.setFile(REPO, PATH, "# Written by hand\n");
    await h.resolvedIncident();
    await h.comment(1, "/postmortem", "bob");
    expect(h.pulls()).toHaveLength(0);
    expect(h.sim.getFile(REPO, PATH)).toBe("# Written by hand\n");
    expect(h.lastReply(1)).toContain(`\`${PATH}\` already exists on \`main\``);
  });

  it("does not fail when the commander cannot be asked for a review", async () => {
    const h = await harness();
    await h.resolvedIncident();
    h.sim.failNext({ route: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", status: 422 });
    await h.comment(1, "/postmortem", "bob");
    expect(h.pulls()).toHaveLength(1);
    const reply = h.lastReply(1);
    expect(reply).toContain("Opened the post-mortem pull request");
    expect(reply).toContain("could not request a review from @\u200bbob");
    expect(h.sim.reactionsBy(REPO, lastCommentId(h, "bob"), h.sim.botLogin)).toContain("rocket");
  });

  it("names the line of a broken repository template and opens nothing", async () => {
    const h = await harness();
    h.sim.setFile(
      REPO,
      ".github/hotwash/postmortem.md",
      "# {{incident.title}}\n\n{{#if resolved}}\nDone.\n{{/each}}\n",
    );
    await h.resolvedIncident();
    await h.comment(1, "/postmortem", "bob");
    expect(h.pulls()).toHaveLength(0);
    expect(h.lastReply(1)).toMatch(/`\.github\/hotwash\/postmortem\.md` line 3: .*if doesn't match each/);
    expect(h.sim.reactionsBy(REPO, lastCommentId(h, "bob"), h.sim.botLogin)).toContain("confused");
  });

  it("reports a syntax error in a repository template with its line", async () => {
    const h = await harness();
    h.sim.setFile(REPO, ".github/hotwash/postmortem.md", "# Title\n\nImpact: {{incident.title}\n");
    await h.resolvedIncident();
    await h.comment(1, "/postmortem", "bob");
    expect(h.lastReply(1)).toContain(
      "`.github/hotwash/postmortem.md` line 3: syntax error near `Impact: {{incident.title}`",
    );
  });

  it("renders a repository template when there is one", async () => {
    const h = await harness();
    h.sim.setFile(REPO, ".github/hotwash/postmortem.md", "# {{incident.title}}\n\n{{timeline}}\n");
    await h.resolvedIncident();
    await h.comment(1, "/postmortem", "bob");
    const { data, content } = matter(h.sim.getFile(REPO, PATH, BRANCH) ?? "");
    expect(data["incident"]).toBe(1);
    expect(content.startsWith("# Checkout API returns 500s\n\n| Time (UTC) |")).toBe(true);
  });

  it("puts pull requests that reference the incident on the timeline, but not Hotwash's own issues", async () => {
    const h = await harness();
    await h.resolvedIncident();
    await h.comment(1, "/action Add pool alerts @carol", "bob");
    h.sim.pushCommit(REPO, { branch: "fix-pool", files: { "pool.txt": "20\n" }, as: "dave" });
    h.sim.createPull(REPO, { head: "fix-pool", title: "Revert pool size", body: "Mitigates #1", as: "dave" });
    await h.comment(1, "/postmortem", "bob");
    const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
    expect(doc).toMatch(/\| @\u200bdave \| Pull request #\d+: Revert pool size \[#\d+\]/);
    expect(doc).not.toContain("Referenced from #");
  });
});

function lastCommentId(h: Harness, by: string): number {
  const comment = h.sim
    .comments(REPO, 1)
    .filter((c) => (c["user"] as { login: string }).login === by)
    .at(-1);
  return Number(comment?.["id"]);
}
