import { Octokit } from "@octokit/rest";
import { createPullRequest, DELETE_FILE } from "octokit-plugin-create-pull-request";
import { describe, expect, test } from "vitest";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

const owner = "acme";
const repo = "api";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function seed() {
  const sim = createSim();
  sim.createRepo("acme/api");
  sim.setPermission("acme/api", "alice", "write");
  sim.setPermission("acme/api", "bob", "write");
  interceptWithNock(sim);
  return sim;
}

describe("octokit-plugin-create-pull-request against the sim", () => {
  test("creates a pull request, then updates the same branch and PR", async () => {
    const sim = seed();
    sim.setFile("acme/api", "LICENSE", "MIT\n");
    const PrOctokit = Octokit.plugin(createPullRequest);
    const gh = new PrOctokit({ auth: "t", log: quiet });
    const branch = "hotwash/postmortem-1";
    const created = await gh.createPullRequest({
      owner,
      repo,
      title: "Post-mortem: API down (#1)",
      body: "Closes nothing",
      head: branch,
      labels: ["postmortem"],
      changes: [
        {
          files: {
            "docs/postmortems/2025-03-01-1-api-down.md": "# v1\n",
            "docs/postmortems/draft.md": "tmp\n",
          },
          commit: "Add post-mortem",
        },
      ],
    });
    expect(created?.status).toBe(201);
    const number = created?.data.number ?? 0;
    expect(sim.getFile("acme/api", "docs/postmortems/2025-03-01-1-api-down.md", branch)).toBe("# v1\n");
    expect(sim.issueLabels("acme/api", number)).toEqual(["postmortem"]);

    const updated = await gh.createPullRequest({
      owner,
      repo,
      title: "Post-mortem: API down (#1)",
      body: "v2",
      head: branch,
      update: true,
      // With update: true the plugin rebuilds the branch from the base branch (main).
      changes: [
        {
          files: {
            "docs/postmortems/2025-03-01-1-api-down.md": "# v2\n",
            "README.md": ({ exists, content }) =>
              exists ? `${Buffer.from(content, "base64").toString()}more\n` : null,
            LICENSE: DELETE_FILE,
            "docs/postmortems/draft.md": DELETE_FILE,
          },
          commit: "Update post-mortem",
        },
      ],
    });
    expect(updated?.status).toBe(200);
    expect(updated?.data.number).toBe(number);
    expect(sim.getFile("acme/api", "docs/postmortems/2025-03-01-1-api-down.md", branch)).toBe("# v2\n");
    expect(sim.getFile("acme/api", "docs/postmortems/draft.md", branch)).toBeUndefined();
    expect(sim.getFile("acme/api", "README.md", branch)).toBe("# api\nmore\n");
    expect(sim.getFile("acme/api", "LICENSE", branch)).toBeUndefined();
    expect(sim.requests.filter((r) => r.method === "HEAD").map((r) => r.status)).toEqual([200, 404]);
    const pr = sim.pull("acme/api", number);
    expect(pr).toMatchObject({
      body: "v2",
      head: { ref: branch },
      base: { ref: "main" },
      commits: 1,
      changed_files: 3,
    });
    expect(sim.requests.some((r) => r.route === "/graphql")).toBe(true);
  });
});

describe("pull requests", () => {
  test("who pushed: commits on a branch carry the person's user object", async () => {
    const sim = seed();
    sim.createBranch("acme/api", "hotwash/postmortem-1");
    sim.pushCommit("acme/api", {
      branch: "hotwash/postmortem-1",
      files: { "pm.md": "bot\n" },
      message: "bot",
      as: "hotwash[bot]",
    });
    sim.pushCommit("acme/api", {
      branch: "hotwash/postmortem-1",
      files: { "pm.md": "edited\n" },
      message: "edit",
      as: "alice",
    });
    const gh = testOctokit();
    const { data } = await gh.rest.repos.listCommits({
      owner,
      repo,
      sha: "hotwash/postmortem-1",
      per_page: 2,
    });
    expect(data.map((c) => [c.author?.login, c.author?.type, c.commit.message])).toEqual([
      ["alice", "User", "edit"],
      ["hotwash[bot]", "Bot", "bot"],
    ]);
    const compare = await gh.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: "main...hotwash/postmortem-1",
    });
    expect(compare.data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(compare.data.files?.map((f) => [f.filename, f.status])).toEqual([["pm.md", "added"]]);
  });

  test("open, request review, list, merge (applies the branch's files to base)", async () => {
    const sim = seed();
    sim.setFile("acme/api", "keep.txt", "base\n");
    sim.pushCommit("acme/api", {
      branch: "feature",
      files: { "new.txt": "new\n" },
      message: "feat",
      as: "alice",
    });
    sim.setFile("acme/api", "other.txt", "main moved on\n");
    const gh = testOctokit();
    const { data: pr } = await gh.rest.pulls.create({
      owner,
      repo,
      head: "feature",
      base: "main",
      title: "Feature",
    });
    expect(pr).toMatchObject({ number: 1, state: "open", merged: false, mergeable: true, commits: 1 });
    await expect(
      gh.rest.pulls.create({ owner, repo, head: "feature", base: "main", title: "again" }),
    ).rejects.toMatchObject({ status: 422 });
    const reviewed = await gh.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: 1,
      reviewers: ["bob"],
    });
    expect(reviewed.data.requested_reviewers?.map((u) => u.login)).toEqual(["bob"]);
    const list = await gh.rest.pulls.list({ owner, repo, head: "acme:feature" });
    expect(list.data.map((p) => p.number)).toEqual([1]);
    const commits = await gh.rest.pulls.listCommits({ owner, repo, pull_number: 1 });
    expect(commits.data.map((c) => c.commit.message)).toEqual(["feat"]);

    const merged = await gh.rest.pulls.merge({ owner, repo, pull_number: 1, merge_method: "squash" });
    expect(merged.data).toMatchObject({ merged: true });
    expect(sim.getFile("acme/api", "new.txt")).toBe("new\n");
    expect(sim.getFile("acme/api", "other.txt")).toBe("main moved on\n");
    const after = await gh.rest.pulls.get({ owner, repo, pull_number: 1 });
    expect(after.data).toMatchObject({ state: "closed", merged: true, merged_by: { login: "hotwash[bot]" } });
    const issue = await gh.rest.issues.get({ owner, repo, issue_number: 1 });
    expect(issue.data.pull_request?.merged_at).toBe(after.data.merged_at);
    await expect(gh.rest.pulls.merge({ owner, repo, pull_number: 1 })).rejects.toMatchObject({ status: 405 });

    const head = await gh.rest.repos.getCommit({ owner, repo, ref: "main" });
    expect(head.data.files?.map((f) => f.filename)).toEqual(["new.txt"]);
  });

  test("git refs: fast-forward rule, force updates, 404/422 like GitHub", async () => {
    const sim = seed();
    const base = sim.branchSha("acme/api", "main") ?? "";
    const gh = testOctokit();
    await gh.rest.git.createRef({ owner, repo, ref: "refs/heads/topic", sha: base });
    await expect(
      gh.rest.git.createRef({ owner, repo, ref: "refs/heads/topic", sha: base }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const side = sim.pushCommit("acme/api", { branch: "side", files: { a: "1" }, as: "bob" });
    const ahead = sim.pushCommit("acme/api", { branch: "main", files: { b: "2" }, as: "bob" });
    await gh.rest.git.updateRef({ owner, repo, ref: "heads/topic", sha: ahead.sha });
    await expect(
      gh.rest.git.updateRef({ owner, repo, ref: "heads/topic", sha: side.sha }),
    ).rejects.toMatchObject({ status: 422 });
    const forced = await gh.rest.git.updateRef({
      owner,
      repo,
      ref: "heads/topic",
      sha: side.sha,
      force: true,
    });
    expect(forced.data.object.sha).toBe(side.sha);
    const ref = await gh.rest.git.getRef({ owner, repo, ref: "heads/topic" });
    expect(ref.data.ref).toBe("refs/heads/topic");
    await expect(gh.rest.git.getRef({ owner, repo, ref: "heads/none" })).rejects.toMatchObject({
      status: 404,
    });
  });
});
