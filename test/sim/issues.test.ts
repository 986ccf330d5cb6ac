import { beforeEach, describe, expect, test } from "vitest";
import type { GitHubSim } from "../../src/sim/index.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

const owner = "acme";
const repo = "api";
let sim: GitHubSim;
let clock: Date;

beforeEach(() => {
  clock = new Date("2025-03-01T10:00:00Z");
  sim = createSim({ now: () => clock });
  sim.createRepo("acme/api");
  sim.setPermission("acme/api", "alice", "write");
  sim.setPermission("acme/api", "bob", "triage");
  interceptWithNock(sim);
});

describe("issues and comments through @octokit/rest", () => {
  test("creates an issue and a comment with complete REST objects", async () => {
    const gh = testOctokit();
    const { data: issue, status } = await gh.rest.issues.create({
      owner,
      repo,
      title: "API down",
      body: "500s everywhere",
      labels: ["incident"],
      assignees: ["alice"],
    });
    expect(status).toBe(201);
    expect(issue).toMatchObject({
      number: 1,
      state: "open",
      title: "API down",
      user: { login: "hotwash[bot]", type: "Bot" },
      labels: [{ name: "incident", color: "ededed" }],
      assignees: [{ login: "alice", type: "User" }],
      created_at: "2025-03-01T10:00:00Z",
      html_url: "https://github.com/acme/api/issues/1",
    });
    expect(issue.performed_via_github_app?.slug).toBe("hotwash");

    clock = new Date("2025-03-01T10:05:00Z");
    const { data: comment } = await gh.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: "on it",
    });
    expect(comment).toMatchObject({
      body: "on it",
      created_at: "2025-03-01T10:05:00Z",
      user: { login: "hotwash[bot]" },
    });
    expect(sim.comments("acme/api", 1).map((c) => c.body)).toEqual(["on it"]);
    expect(sim.issue("acme/api", 1)).toMatchObject({ comments: 1, updated_at: "2025-03-01T10:05:00Z" });
  });

  test("paginates 250 comments in 3 pages with Link headers, and filters by since", async () => {
    const issue = sim.createIssue("acme/api", { title: "busy", as: "alice" });
    for (let i = 0; i < 250; i += 1) {
      clock = new Date(Date.UTC(2025, 2, 1, 11, 0, i));
      sim.createComment("acme/api", issue.number, `comment ${i}`, i % 2 ? "alice" : "bob");
    }
    const gh = testOctokit();
    const first = await gh.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toBe(
      '<https://api.github.com/repos/acme/api/issues/1/comments?per_page=100&page=2>; rel="next", ' +
        '<https://api.github.com/repos/acme/api/issues/1/comments?per_page=100&page=3>; rel="last"',
    );
    sim.clearRequests();
    const all = await gh.paginate(gh.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 1,
      per_page: 100,
    });
    expect(all).toHaveLength(250);
    expect(all[249]?.body).toBe("comment 249");
    expect(sim.requests.map((r) => r.route)).toEqual(
      Array(3).fill("/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    );

    const recent = await gh.rest.issues.listComments({
      owner,
      repo,
      issue_number: 1,
      since: "2025-03-01T11:04:00Z",
    });
    expect(recent.data.map((c) => c.body)).toEqual([
      "comment 240",
      ...Array.from({ length: 9 }, (_, i) => `comment ${241 + i}`),
    ]);
    expect(recent.headers.link).toBeUndefined();
  });

  test("reactions: 201 when new, 200 when the user already reacted", async () => {
    const issue = sim.createIssue("acme/api", { title: "x", as: "alice" });
    const comment = sim.createComment("acme/api", issue.number, "/sev1", "alice");
    const gh = testOctokit();
    const id = comment.id;
    const a = await gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: id, content: "eyes" });
    const b = await gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: id, content: "eyes" });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.data.id).toBe(a.data.id);
    await gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: id, content: "rocket" });
    sim.react("acme/api", id, "+1", "bob");
    expect(sim.reactionsBy("acme/api", id, "hotwash[bot]")).toEqual(["eyes", "rocket"]);
    const list = await gh.rest.reactions.listForIssueComment({ owner, repo, comment_id: id, content: "+1" });
    expect(list.data.map((r) => r.user?.login)).toEqual(["bob"]);
    expect(sim.comment("acme/api", id).reactions).toMatchObject({
      total_count: 3,
      eyes: 1,
      rocket: 1,
      "+1": 1,
    });
    const onIssue = await gh.rest.reactions.createForIssue({
      owner,
      repo,
      issue_number: 1,
      content: "heart",
    });
    expect(onIssue.status).toBe(201);
    expect(sim.issueReactions("acme/api", 1)).toEqual([{ content: "heart", user: "hotwash[bot]" }]);
  });

  test("PATCH labels replaces them and auto-creates unknown labels; events record the changes", async () => {
    sim.createIssue("acme/api", { title: "x", labels: ["incident", "sev3"], as: "alice" });
    const gh = testOctokit();
    const { data } = await gh.rest.issues.update({
      owner,
      repo,
      issue_number: 1,
      labels: ["incident", "sev1", "status:investigating"],
      assignees: ["bob"],
    });
    expect(data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual([
      "incident",
      "sev1",
      "status:investigating",
    ]);
    expect(sim.labels("acme/api")).toContain("status:investigating");
    expect(sim.issueAssignees("acme/api", 1)).toEqual(["bob"]);

    await gh.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: "status:investigating" });
    await gh.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ["status:identified"] });
    await gh.rest.issues.update({ owner, repo, issue_number: 1, state: "closed", state_reason: "completed" });
    await gh.rest.issues.update({ owner, repo, issue_number: 1, state: "open" });
    const events = await gh.rest.issues.listEvents({ owner, repo, issue_number: 1 });
    expect(events.data.map((e) => e.event)).toEqual([
      "labeled",
      "labeled",
      "unlabeled",
      "labeled",
      "labeled",
      "assigned",
      "unlabeled",
      "labeled",
      "closed",
      "reopened",
    ]);
    const label404 = gh.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: "nope" });
    await expect(label404).rejects.toMatchObject({ status: 404 });
  });

  test("assigning someone who cannot be assigned: 422 on update, ignored on add-assignees", async () => {
    sim.addUser("mallory");
    sim.createIssue("acme/api", { title: "x", as: "alice" });
    const gh = testOctokit();
    await expect(
      gh.rest.issues.update({ owner, repo, issue_number: 1, assignees: ["mallory"] }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const added = await gh.rest.issues.addAssignees({
      owner,
      repo,
      issue_number: 1,
      assignees: ["mallory", "alice"],
    });
    expect(added.data.assignees?.map((a) => a.login)).toEqual(["alice"]);
    await expect(
      gh.rest.issues.checkUserCanBeAssigned({ owner, repo, assignee: "alice" }),
    ).resolves.toMatchObject({
      status: 204,
    });
    await expect(
      gh.rest.issues.checkUserCanBeAssigned({ owner, repo, assignee: "mallory" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  test("timeline has comments and cross-references; sub-issues link by id", async () => {
    const incident = sim.createIssue("acme/api", { title: "incident", as: "alice" });
    sim.createComment("acme/api", 1, "looking", "bob");
    const gh = testOctokit();
    const { data: action } = await gh.rest.issues.create({
      owner,
      repo,
      title: "Add alert",
      body: "From #1",
    });
    const added = await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      owner,
      repo,
      issue_number: incident.number,
      sub_issue_id: action.id,
    });
    expect(added.status).toBe(201);
    expect(added.data.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    const subs = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      owner,
      repo,
      issue_number: 1,
    });
    expect(subs.data.map((i) => i.number)).toEqual([action.number]);
    const timeline = await gh.rest.issues.listEventsForTimeline({ owner, repo, issue_number: 1 });
    expect(timeline.data.map((e) => e.event)).toEqual(["commented", "cross-referenced", "sub_issue_added"]);
    const xref = timeline.data[1] as { source?: { issue?: { number?: number } } };
    expect(xref.source?.issue?.number).toBe(action.number);
  });

  test("pins and unpins a comment", async () => {
    sim.createIssue("acme/api", { title: "x" });
    const board = sim.createComment("acme/api", 1, "<!-- board -->");
    const gh = testOctokit();
    const pinned = await gh.request("PUT /repos/{owner}/{repo}/issues/comments/{comment_id}/pin", {
      owner,
      repo,
      comment_id: board.id,
    });
    expect(pinned.data.pin).toEqual({
      pinned_at: "2025-03-01T10:00:00Z",
      pinned_by: expect.objectContaining({ login: "hotwash[bot]" }),
    });
    const unpinned = await gh.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}/pin", {
      owner,
      repo,
      comment_id: board.id,
    });
    expect(unpinned.status).toBe(204);
    expect(sim.comment("acme/api", board.id)).toMatchObject({ pin: null });
  });

  test("lists issues with state and label filters", async () => {
    sim.createIssue("acme/api", { title: "a", labels: ["incident", "sev1"] });
    sim.createIssue("acme/api", { title: "b", labels: ["incident"] });
    sim.createIssue("acme/api", { title: "c" });
    sim.closeIssue("acme/api", 2, "alice");
    const gh = testOctokit();
    const open = await gh.rest.issues.listForRepo({ owner, repo, labels: "incident" });
    expect(open.data.map((i) => i.title)).toEqual(["a"]);
    const all = await gh.rest.issues.listForRepo({
      owner,
      repo,
      labels: "incident",
      state: "all",
      direction: "asc",
    });
    expect(all.data.map((i) => i.title)).toEqual(["a", "b"]);
  });
});
