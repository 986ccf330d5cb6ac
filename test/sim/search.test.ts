/** The simulator's issue search, conditional contents and `nodes(ids:)`, as GitHub answers them. */
import { describe, expect, test } from "vitest";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

function world() {
  const sim = createSim({ now: () => new Date("2026-11-23T10:00:00Z") });
  sim.createRepo("acme/api");
  sim.createRepo("acme/web");
  sim.createRepo("globex/api");
  sim.createIssue("acme/api", { title: "a", labels: ["incident"] });
  sim.createIssue("acme/web", { title: "b", labels: ["outage"] });
  sim.createIssue("globex/api", { title: "c", labels: ["incident"] });
  const closed = sim.createIssue("acme/api", { title: "d", labels: ["incident"] });
  sim.closeIssue("acme/api", closed.number);
  interceptWithNock(sim);
  return { sim, gh: testOctokit() };
}

const titles = (data: { items: { title: string }[] }) => data.items.map((i) => i.title).sort();

describe("issue search", () => {
  test("scopes by account or repository, ORs a label list, filters by state and update time", async () => {
    const { gh } = world();
    const search = async (q: string) => (await gh.request("GET /search/issues", { q })).data;
    expect(titles(await search('is:issue is:open label:"incident" org:acme'))).toEqual(["a"]);
    expect(
      titles(await search('is:issue is:open label:"incident","outage" org:acme archived:false')),
    ).toEqual(["a", "b"]);
    expect(titles(await search("is:issue is:open label:incident repo:acme/api repo:globex/api"))).toEqual([
      "a",
      "c",
    ]);
    expect(titles(await search("is:issue is:closed updated:>=2026-11-01 label:incident user:acme"))).toEqual([
      "d",
    ]);
    expect(titles(await search("is:issue is:closed updated:>=2026-11-24 label:incident org:acme"))).toEqual(
      [],
    );
    const answer = await search("is:issue is:open label:incident org:acme");
    expect(answer).toMatchObject({ total_count: 1, incomplete_results: false, search_type: "lexical" });
  });

  test("refuses what GitHub refuses: no is:issue, queries over 256 characters", async () => {
    const { gh } = world();
    await expect(gh.request("GET /search/issues", { q: "label:incident org:acme" })).rejects.toMatchObject({
      status: 422,
    });
    const long = `is:issue ${Array.from({ length: 30 }, (_, i) => `repo:acme/repository-${i}`).join(" ")}`;
    await expect(gh.request("GET /search/issues", { q: long })).rejects.toMatchObject({ status: 422 });
  });

  test("reports qualifiers it does not simulate as violations", async () => {
    const { sim, gh } = world();
    await expect(gh.request("GET /search/issues", { q: "is:issue checkout" })).rejects.toMatchObject({
      status: 400,
    });
    expect(sim.violations.map((v) => v.message)).toEqual([expect.stringContaining("free-text search")]);
    sim.violations.length = 0;
  });
});

describe("conditional contents", () => {
  test("an ETag answered with If-None-Match is a 304 until the file changes", async () => {
    const { sim, gh } = world();
    sim.setFile("acme/api", ".github/hotwash.yml", "timezone: UTC\n");
    const params = { owner: "acme", repo: "api", path: ".github/hotwash.yml", mediaType: { format: "raw" } };
    const first = await gh.rest.repos.getContent(params);
    const etag = first.headers.etag ?? "";
    expect(etag).not.toBe("");
    await expect(
      gh.rest.repos.getContent({ ...params, headers: { "if-none-match": etag } }),
    ).rejects.toMatchObject({ status: 304 });
    sim.setFile("acme/api", ".github/hotwash.yml", "timezone: Europe/Berlin\n");
    const changed = await gh.rest.repos.getContent({ ...params, headers: { "if-none-match": etag } });
    expect(changed.data).toBe("timezone: Europe/Berlin\n");
  });
});

describe("nodes(ids:)", () => {
  test("answers each comment, and null with an error for an id it cannot resolve", async () => {
    const { sim, gh } = world();
    const comment = sim.createComment("acme/api", 1, "hello", "octocat");
    const gone = Buffer.from("12:IssueComment999999").toString("base64");
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { databaseId body author { login } } } }`;
    const error = await gh.graphql(query, { ids: [comment.node_id, gone] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      data: { nodes: [{ databaseId: comment.id, body: "hello", author: { login: "octocat" } }, null] },
      errors: [{ type: "NOT_FOUND", path: ["nodes", 1] }],
    });
  });
});
