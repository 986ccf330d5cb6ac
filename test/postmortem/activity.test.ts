import { describe, expect, test } from "vitest";
import { listIssueActivityGraphql, listIssueActivityRest } from "../../src/github/issue-activity.js";
import type { IssueActivity } from "../../src/services/port.js";
import { testOctokit } from "../support/octokit.js";
import { type Harness, harness, REPO } from "./harness.js";

const TIMELINE = "/repos/{owner}/{repo}/issues/{issue_number}/timeline";
const repo = { owner: "acme", repo: "shop" };

/**
 * Incident #1 referenced by a merged pull request, an open pull request, an issue opened by the
 * bot and a pushed commit, with 250 ordinary comments around them.
 */
async function referencedIncident(h: Harness): Promise<void> {
  h.sim.createIssue(REPO, { title: "Checkout down", as: "alice" });
  for (let i = 0; i < 100; i++) h.sim.createComment(REPO, 1, `chatter ${i}`, i % 2 ? "bob" : "carol");
  h.advance(1);
  h.sim.createBranch(REPO, "fix-pool");
  h.sim.pushCommit(REPO, {
    branch: "fix-pool",
    files: { "pool.txt": "50\n" },
    message: "Raise pool",
    as: "bob",
  });
  h.sim.createPull(REPO, { head: "fix-pool", title: "Raise the pool size", body: "Fixes #1", as: "bob" });
  h.advance(1);
  h.sim.mergePull(REPO, 2, "alice");
  h.advance(1);
  for (let i = 100; i < 200; i++) h.sim.createComment(REPO, 1, `chatter ${i}`, "dave");
  h.sim.createBranch(REPO, "alerts");
  h.sim.pushCommit(REPO, {
    branch: "alerts",
    files: { "alerts.txt": "on\n" },
    message: "Alerts",
    as: "carol",
  });
  h.sim.createPull(REPO, { head: "alerts", title: "Alert on pool exhaustion", body: "For #1", as: "carol" });
  h.advance(1);
  h.sim.pushCommit(REPO, {
    branch: "main",
    files: { "timeout.txt": "5s\n" },
    message: "Lower the checkout timeout (#1)\n\nDetails.",
    as: "carol",
  });
  h.advance(1);
  h.sim.createIssue(REPO, { title: "Action item: pool alert", body: "From #1", as: h.sim.botLogin });
  for (let i = 200; i < 250; i++) h.sim.createComment(REPO, 1, `chatter ${i}`, "alice");
}

describe("issue activity (cross-references and commit references)", () => {
  test("one GraphQL request returns what the REST timeline's pages did", async () => {
    const h = await harness();
    await referencedIncident(h);
    const octokit = testOctokit();

    h.sim.clearRequests();
    const rest = await listIssueActivityRest(octokit, repo, 1);
    expect(h.sim.requestCount({ route: TIMELINE })).toBe(3);

    h.sim.clearRequests();
    const activity = await h.deps().port.listIssueActivity(1);
    expect(h.sim.requestCount({ route: "/graphql" })).toBe(1);
    expect(h.sim.requestCount({ route: TIMELINE })).toBe(0);
    expect(h.sim.requests).toHaveLength(1);

    expect(activity).toEqual(rest);
    const commit = h.sim.commits(REPO, "main")[0];
    expect(activity).toEqual<IssueActivity[]>([
      {
        kind: "pull-request",
        at: "2024-05-01T10:01:00Z",
        actor: "bob",
        actorIsBot: false,
        number: 2,
        title: "Raise the pool size",
        htmlUrl: "https://github.com/acme/shop/pull/2",
        sha: null,
        merged: true,
      },
      {
        kind: "pull-request",
        at: "2024-05-01T10:03:00Z",
        actor: "carol",
        actorIsBot: false,
        number: 3,
        title: "Alert on pool exhaustion",
        htmlUrl: "https://github.com/acme/shop/pull/3",
        sha: null,
        merged: false,
      },
      {
        kind: "commit",
        at: "2024-05-01T10:04:00Z",
        actor: "carol",
        actorIsBot: false,
        number: null,
        title: null,
        htmlUrl: `https://github.com/acme/shop/commit/${String(commit?.sha)}`,
        sha: String(commit?.sha),
        merged: false,
      },
      {
        kind: "issue",
        at: "2024-05-01T10:05:00Z",
        actor: h.sim.botLogin,
        actorIsBot: true,
        number: 4,
        title: "Action item: pool alert",
        htmlUrl: "https://github.com/acme/shop/issues/4",
        sha: null,
        merged: false,
      },
    ]);
  });

  test("more than 100 references: GraphQL pages by cursor and still agrees with REST", async () => {
    const h = await harness();
    h.sim.createIssue(REPO, { title: "Checkout down", as: "alice" });
    for (let i = 0; i < 130; i++) {
      h.sim.createIssue(REPO, { title: `Follow-up ${i}`, body: `See #1`, as: i % 2 ? "bob" : "carol" });
      h.sim.createComment(REPO, 1, `chatter ${i}`, "dave");
      if (i % 10 === 0) {
        h.sim.pushCommit(REPO, {
          branch: "main",
          files: { "n.txt": `${i}\n` },
          message: `Step ${i} for #1`,
          as: "bob",
        });
      }
      h.advance(1);
    }
    const octokit = testOctokit();

    h.sim.clearRequests();
    const graph = await listIssueActivityGraphql(octokit, repo, 1);
    expect(h.sim.requestCount({ route: "/graphql" })).toBe(2);
    expect(graph).toHaveLength(143);
    expect(graph.filter((a) => a.kind === "commit")).toHaveLength(13);
    expect(new Set(graph.map((a) => a.number ?? a.sha)).size).toBe(143);
    expect(graph).toEqual(await listIssueActivityRest(octokit, repo, 1));
  });

  test("when the GraphQL request fails, the REST timeline gives the same answer", async () => {
    const h = await harness();
    await referencedIncident(h);
    const expected = await listIssueActivityRest(testOctokit(), repo, 1);

    h.sim.clearRequests();
    h.sim.failNext({ route: "/graphql", status: 502 });
    expect(await h.deps().port.listIssueActivity(1)).toEqual(expected);
    expect(h.sim.requests.map((r) => [r.route, r.status])).toEqual([
      ["/graphql", 502],
      [TIMELINE, 200],
      [TIMELINE, 200],
      [TIMELINE, 200],
    ]);
  });

  test("a GraphQL error in the response (e.g. a server without these types) also falls back", async () => {
    const h = await harness();
    await referencedIncident(h);
    const expected = await listIssueActivityRest(testOctokit(), repo, 1);

    h.sim.clearRequests();
    h.sim.failNext({
      route: "/graphql",
      status: 200,
      body: {
        data: null,
        errors: [{ message: "No such type CrossReferencedEvent, so it can't be a fragment condition" }],
      },
    });
    expect(await h.deps().port.listIssueActivity(1)).toEqual(expected);
    expect(h.sim.requestCount({ route: TIMELINE })).toBe(3);
  });

  test("an issue that does not exist is still the REST path's not-found error", async () => {
    const h = await harness();
    h.sim.createIssue(REPO, { title: "Checkout down", as: "alice" });
    await expect(h.deps().port.listIssueActivity(99)).rejects.toMatchObject({ kind: "not-found" });
  });
});
