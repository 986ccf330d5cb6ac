import { config as configPlugin } from "@probot/octokit-plugin-config";
import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock, serveSim } from "../support/sim.js";

const owner = "acme";
const repo = "api";
const yml = "severities:\n  sev1:\n    name: Critical\n";

describe("contents", () => {
  test("JSON (base64) by default, raw text with the raw media type, 404 when missing", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    sim.setFile("acme/api", ".github/hotwash.yml", yml);
    sim.setFile("acme/api", ".github/hotwash.yml", "on: branch\n", "feature");
    interceptWithNock(sim);
    const gh = testOctokit();
    const { data } = await gh.rest.repos.getContent({ owner, repo, path: ".github/hotwash.yml" });
    expect(data).toMatchObject({
      type: "file",
      encoding: "base64",
      path: ".github/hotwash.yml",
      size: yml.length,
    });
    const file = data as { content: string };
    expect(Buffer.from(file.content, "base64").toString()).toBe(yml);

    const raw = await gh.rest.repos.getContent({
      owner,
      repo,
      path: ".github/hotwash.yml",
      ref: "feature",
      mediaType: { format: "raw" },
    });
    expect(raw.data).toBe("on: branch\n");
    expect(raw.headers["content-type"]).toBe("text/plain; charset=utf-8");

    const dir = await gh.rest.repos.getContent({ owner, repo, path: ".github" });
    expect((dir.data as Array<{ name: string }>).map((e) => e.name)).toEqual(["hotwash.yml"]);
    await expect(gh.rest.repos.getContent({ owner, repo, path: "nope.yml" })).rejects.toMatchObject({
      status: 404,
    });
  });

  test("PUT creates then updates a file (sha required) as a commit", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    interceptWithNock(sim);
    const gh = testOctokit();
    const created = await gh.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "docs/a.md",
      message: "add",
      content: Buffer.from("one\n").toString("base64"),
    });
    expect(created.status).toBe(201);
    await expect(
      gh.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: "docs/a.md",
        message: "x",
        content: "eA==",
      }),
    ).rejects.toMatchObject({ status: 422 });
    const updated = await gh.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "docs/a.md",
      message: "update",
      content: Buffer.from("two\n").toString("base64"),
      sha: created.data.content?.sha ?? "",
    });
    expect(updated.status).toBe(200);
    expect(sim.getFile("acme/api", "docs/a.md")).toBe("two\n");
    expect(sim.commits("acme/api")[0]).toMatchObject({
      commit: { message: "update" },
      author: { login: "hotwash[bot]" },
    });
  });

  test("Probot's config plugin reads .github/*.yml through the loopback server as GHES", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    sim.setFile("acme/api", ".github/hotwash.yml", yml);
    const server = await serveSim(sim);
    const ConfigOctokit = Octokit.plugin(configPlugin);
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const gh = new ConfigOctokit({ auth: "t", baseUrl: server.gheUrl, log: quiet });
    const { config, files } = await gh.config.get({ owner, repo, path: ".github/hotwash.yml" });
    expect(config).toEqual({ severities: { sev1: { name: "Critical" } } });
    expect(files[0]?.url).toBe(`${server.gheUrl}/repos/acme/api/contents/.github%2Fhotwash.yml`);
    const missing = await gh.config.get({ owner, repo, path: ".github/other.yml" });
    expect(missing.config).toEqual({});
    // The missing file falls back to the organization's `.github` repository, which does not exist.
    expect(sim.requests.map((r) => `${r.status} ${r.route}`)).toEqual([
      "200 /repos/{owner}/{repo}/contents/{path}",
      "404 /repos/{owner}/{repo}/contents/{path}",
      "404 /repos/{owner}/{repo}/contents/{path}",
    ]);
  });

  test("the loopback server paginates with Link headers pointing back at itself", async () => {
    const sim = createSim();
    sim.createRepo("acme/api");
    sim.createIssue("acme/api", { title: "x" });
    for (let i = 0; i < 5; i += 1) sim.createComment("acme/api", 1, `c${i}`);
    const server = await serveSim(sim);
    const gh = testOctokit(server.url);
    const page = await gh.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 2 });
    expect(page.headers.link).toContain(
      `<${server.url}/repos/acme/api/issues/1/comments?per_page=2&page=2>; rel="next"`,
    );
    const all = await gh.paginate(gh.rest.issues.listComments, { owner, repo, issue_number: 1, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });
});
