import { describe, expect, test } from "vitest";
import type { GitHubSim } from "../../src/sim/index.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

/** acme/api #1, cross-referenced by pull request #2 (carol) and issue #3 (the bot), and by a commit. */
function setup(): GitHubSim {
  let clock = new Date("2025-03-01T12:00:00Z");
  const sim = createSim({ now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  sim.createRepo("acme/api");
  sim.createIssue("acme/api", { title: "API down", as: "alice" });
  tick();
  sim.createBranch("acme/api", "fix");
  sim.pushCommit("acme/api", { branch: "fix", files: { a: "1\n" }, message: "Fix", as: "carol" });
  sim.createPull("acme/api", { head: "fix", title: "Fix it", body: "Closes #1", as: "carol" });
  tick();
  sim.createIssue("acme/api", { title: "Follow-up", body: "acme/api#1", as: sim.botLogin });
  tick();
  sim.pushCommit("acme/api", {
    branch: "main",
    files: { b: "2\n" },
    message: "Hotfix #1\n\nbody",
    as: "bob",
  });
  interceptWithNock(sim);
  return sim;
}

const QUERY = `query($owner: String!, $name: String!, $number: Int!, $cursor: String, $types: [IssueTimelineItemsItemType!]) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      items: timelineItems(first: 2, after: $cursor, itemTypes: $types) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          ... on CrossReferencedEvent {
            createdAt
            actor { __typename login }
            source { __typename ... on PullRequest { number title url merged mergedAt } ... on Issue { number title url } }
          }
          ... on ReferencedEvent { createdAt actor { login } commit { oid url messageHeadline } }
        }
      }
    }
  }
}`;

const vars = {
  owner: "acme",
  name: "api",
  number: 1,
  types: ["CROSS_REFERENCED_EVENT", "REFERENCED_EVENT"],
};

interface Page {
  repository: {
    issue: {
      items: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<Record<string, unknown>>;
      };
    };
  };
}

describe("GraphQL timelineItems", () => {
  test("cross-references and commit references in GitHub's shapes, paged by opaque cursors", async () => {
    const sim = setup();
    const gh = testOctokit();
    const first = await gh.graphql<Page>(QUERY, vars);
    expect(first.repository.issue.items.totalCount).toBe(3);
    expect(first.repository.issue.items.pageInfo.hasNextPage).toBe(true);
    expect(first.repository.issue.items.nodes).toEqual([
      {
        __typename: "CrossReferencedEvent",
        createdAt: "2025-03-01T12:01:00Z",
        actor: { __typename: "User", login: "carol" },
        source: {
          __typename: "PullRequest",
          number: 2,
          title: "Fix it",
          url: "https://github.com/acme/api/pull/2",
          merged: false,
          mergedAt: null,
        },
      },
      {
        __typename: "CrossReferencedEvent",
        createdAt: "2025-03-01T12:02:00Z",
        // GraphQL names the App's bot without REST's `[bot]`.
        actor: { __typename: "Bot", login: sim.botLogin.replace("[bot]", "") },
        source: {
          __typename: "Issue",
          number: 3,
          title: "Follow-up",
          url: "https://github.com/acme/api/issues/3",
        },
      },
    ]);
    const cursor = first.repository.issue.items.pageInfo.endCursor;
    expect(cursor).not.toMatch(/\d{4}-/);
    const second = await gh.graphql<Page>(QUERY, { ...vars, cursor });
    const sha = sim.branchSha("acme/api", "main");
    expect(second.repository.issue.items.pageInfo).toMatchObject({ hasNextPage: false });
    expect(second.repository.issue.items.nodes).toEqual([
      {
        __typename: "ReferencedEvent",
        createdAt: "2025-03-01T12:03:00Z",
        actor: { login: "bob" },
        commit: {
          oid: sha,
          url: `https://github.com/acme/api/commit/${String(sha)}`,
          messageHeadline: "Hotfix #1",
        },
      },
    ]);
  });

  test("itemTypes filters, as an enum literal or a variable", async () => {
    setup();
    const gh = testOctokit();
    const commits = await gh.graphql<Page>(QUERY, { ...vars, types: ["REFERENCED_EVENT"] });
    expect(commits.repository.issue.items.nodes.map((n) => n["__typename"])).toEqual(["ReferencedEvent"]);
    const literal = await gh.graphql<{ repository: { issue: { timelineItems: { nodes: unknown[] } } } }>(
      `{ repository(owner: "acme", name: "api") { issue(number: 1) {
          timelineItems(first: 100, itemTypes: [CROSS_REFERENCED_EVENT]) { nodes { __typename } } } } }`,
    );
    expect(literal.repository.issue.timelineItems.nodes).toEqual([
      { __typename: "CrossReferencedEvent" },
      { __typename: "CrossReferencedEvent" },
    ]);
  });

  test("GitHub's errors: first over 100, a bad cursor, an unknown issue", async () => {
    setup();
    const gh = testOctokit();
    const tooMany = QUERY.replace("first: 2", "first: 101");
    await expect(gh.graphql(tooMany, vars)).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: "EXCESSIVE_PAGINATION" })],
    });
    await expect(gh.graphql(QUERY, { ...vars, cursor: "bm9wZQ==" })).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: "`bm9wZQ==` does not appear to be a valid cursor." })],
    });
    await expect(gh.graphql(QUERY, { ...vars, number: 2 })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: "NOT_FOUND", path: ["repository", "issue"] })],
    });
  });

  test("anything else is not simulated: a violation, not an invented answer", async () => {
    const sim = setup();
    const gh = testOctokit();
    const queries = [
      // Every item type (comments included) is not simulated.
      QUERY.replace(", itemTypes: $types", ""),
      QUERY.replace("totalCount", "totalCount filteredCount"),
      QUERY.replace("... on ReferencedEvent", "... on ClosedEvent"),
      `{ viewer { login avatarUrl } }`,
      `mutation { addComment(input: {subjectId: "x", body: "y"}) { clientMutationId } }`,
      `query { repository(owner: "acme", name: "api") { issue(number: 1) { ...F } } } fragment F on Issue { title }`,
    ];
    for (const query of queries) {
      await expect(gh.graphql(query, vars)).rejects.toMatchObject({
        errors: [{ message: "not simulated" }],
      });
    }
    expect(sim.violations.map((v) => [v.route, v.message])).toEqual(
      queries.map(() => ["/graphql", "GraphQL query not implemented"]),
    );
    sim.violations.length = 0;
  });
});
