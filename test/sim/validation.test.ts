import { describe, expect, test } from "vitest";
import type { GitHubSim } from "../../src/sim/index.js";
import { ROUTES } from "../../src/sim/routes/index.js";
import { openApi } from "../../src/sim/openapi.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

const owner = "acme";
const repo = "api";

function setup(): GitHubSim {
  const sim = createSim();
  sim.createRepo("acme/api");
  sim.createIssue("acme/api", { title: "x" });
  interceptWithNock(sim);
  return sim;
}

describe("OpenAPI validation", () => {
  test("every simulated route is an operation in GitHub's description", () => {
    const spec = openApi();
    const missing = ROUTES.filter((r) => !spec.operation(r.method, r.route)).map(
      (r) => `${r.method} ${r.route}`,
    );
    expect(missing).toEqual([]);
  });

  test("an invalid request body is answered 400 and recorded as a violation", async () => {
    const sim = setup();
    const comment = sim.createComment("acme/api", 1, "hi", "hotwash[bot]");
    const gh = testOctokit();
    // An untyped route string, so the invalid content gets past TypeScript to the simulator.
    const route: string = `POST /repos/${owner}/${repo}/issues/comments/${comment.id}/reactions`;
    const bogus = gh.request(route, { content: "bogus" });
    await expect(bogus).rejects.toMatchObject({ status: 400 });
    expect(sim.violations).toHaveLength(1);
    expect(sim.violations[0]?.message).toMatch(
      /request body does not match: body\/content must be equal to one of/,
    );
    expect(sim.requests.at(-1)).toMatchObject({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      status: 400,
    });
    sim.violations.length = 0;
  });

  test("undocumented body properties and query parameters are violations", async () => {
    const sim = setup();
    const gh = testOctokit();
    await expect(
      gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner,
        repo,
        issue_number: 1,
        label: ["x"],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: 1,
        sort: "created",
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(sim.violations.map((v) => v.message)).toEqual([
      "request: request body has undocumented properties: label",
      'request: unknown query parameter "sort"',
    ]);
    sim.violations.length = 0;
  });

  test("an unimplemented route is a 404 and a 'not implemented' violation", async () => {
    const sim = setup();
    const gh = testOctokit();
    await expect(gh.rest.repos.listBranches({ owner, repo })).rejects.toMatchObject({ status: 404 });
    expect(sim.violations).toEqual([
      {
        method: "GET",
        url: "/repos/acme/api/branches",
        route: "/repos/{owner}/{repo}/branches",
        message: "not implemented by the simulator: GET /repos/{owner}/{repo}/branches",
      },
    ]);
    await expect(
      gh.request("GET /repos/{owner}/{repo}/no-such-thing", { owner, repo }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(sim.violations[1]?.message).toBe(
      "GET /repos/acme/api/no-such-thing is not in GitHub's OpenAPI description",
    );
    sim.violations.length = 0;
  });

  test("responses are checked against the documented status and schema", () => {
    const spec = openApi();
    const route = "/repos/{owner}/{repo}/issues/{issue_number}";
    expect(spec.checkResponse("GET", route, 200, { id: 1, title: "no user" }, true)[0]).toMatch(
      /^response 200 does not match: response must have required property/,
    );
    expect(spec.checkResponse("GET", route, 201, {}, true)).toEqual([
      "status 201 is not documented for GET /repos/{owner}/{repo}/issues/{issue_number}",
    ]);
    expect(spec.checkResponse("GET", route, 502, "<html>", true)).toEqual([
      "undocumented 502 response must carry a GitHub error body ({ message })",
    ]);
    expect(spec.checkResponse("GET", route, 404, { message: "Not Found" }, true)).toEqual([]);
  });

  test("OpenAPI 3.0 nullable is honoured", () => {
    const spec = openApi();
    const route = "/repos/{owner}/{repo}/labels/{name}";
    const label = { id: 1, node_id: "x", url: "https://x.test/l", name: "a", color: "fff", default: false };
    expect(spec.checkResponse("GET", route, 200, { ...label, description: null }, true)).toEqual([]);
    expect(spec.checkResponse("GET", route, 200, { ...label, name: null }, true)).toHaveLength(1);
  });
});

describe("errors like GitHub", () => {
  test("401 without Authorization, 404 for unknown repos and issues", async () => {
    const sim = setup();
    const anon = await sim.handle({ method: "GET", url: "/repos/acme/api", headers: {}, body: undefined });
    expect(anon).toMatchObject({ status: 401, body: { message: "Requires authentication" } });
    const gh = testOctokit();
    await expect(gh.rest.repos.get({ owner, repo: "nope" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Not Found", documentation_url: expect.any(String) } },
    });
    await expect(gh.rest.issues.get({ owner, repo, issue_number: 99 })).rejects.toMatchObject({
      status: 404,
    });
  });

  test("422 with errors for invalid assignees", async () => {
    setup();
    const gh = testOctokit();
    await expect(
      gh.rest.issues.create({ owner, repo, title: "t", assignees: ["nobody"] }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Validation Failed", errors: [{ field: "assignees", code: "invalid" }] } },
    });
  });

  test("failNext injects 500s, 502s and rate limits for matching requests", async () => {
    const sim = setup();
    const gh = testOctokit();
    sim.failNext({
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      method: "POST",
      status: 502,
      times: 2,
    });
    sim.failNext({ route: /labels/, status: 403, rateLimit: true });
    const post = () => gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: "x" });
    await expect(post()).rejects.toMatchObject({ status: 502 });
    await expect(gh.rest.issues.get({ owner, repo, issue_number: 1 })).resolves.toMatchObject({
      status: 200,
    });
    await expect(post()).rejects.toMatchObject({ status: 502 });
    await expect(post()).resolves.toMatchObject({ status: 201 });
    const limited = await gh.rest.issues
      .addLabels({ owner, repo, issue_number: 1, labels: ["a"] })
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({
      status: 403,
      response: {
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": expect.stringMatching(/^\d+$/) },
      },
    });
    expect(
      sim.requestCount({ method: "POST", route: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }),
    ).toBe(3);
  });
});

describe("people", () => {
  test("collaborator permission returns the legacy permission and role_name; 404 for unknown users", async () => {
    const sim = setup();
    sim.setPermission("acme/api", "tina", "triage");
    sim.setPermission("acme/api", "mia", "maintain");
    sim.addBot("dependabot");
    const gh = testOctokit();
    const tina = await gh.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "tina" });
    expect(tina.data).toMatchObject({ permission: "read", role_name: "triage", user: { login: "tina" } });
    const mia = await gh.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "mia" });
    expect(mia.data).toMatchObject({ permission: "write", role_name: "maintain" });
    const bot = await gh.rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: "dependabot[bot]",
    });
    expect(bot.data).toMatchObject({ permission: "read", user: { type: "Bot" } });
    await expect(
      gh.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "zed" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  test("team membership: 200 active for members, 404 otherwise", async () => {
    const sim = setup();
    sim.addTeamMember("acme", "sre", "alice", "maintainer");
    const gh = testOctokit();
    const ok = await gh.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "sre",
      username: "alice",
    });
    expect(ok.data).toMatchObject({ role: "maintainer", state: "active" });
    await expect(
      gh.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "bob" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  test("tokens act as their user; installation tokens act as the app bot", async () => {
    const sim = setup();
    sim.setPermission("acme/api", "alice", "write");
    const pat = sim.createToken("alice");
    const asAlice = testOctokit("https://api.github.com", pat);
    const { data } = await asAlice.rest.issues.createComment({ owner, repo, issue_number: 1, body: "me" });
    expect(data.user?.login).toBe("alice");
    expect(data.author_association).toBe("COLLABORATOR");
    expect(data.performed_via_github_app).toBeNull();
    const app = testOctokit("https://api.github.com", "jwt.header.sig");
    const token = await app.rest.apps.createInstallationAccessToken({ installation_id: sim.installationId });
    expect(token.status).toBe(201);
    const asBot = testOctokit("https://api.github.com", token.data.token);
    const repoData = await asBot.rest.repos.get({ owner, repo });
    expect(repoData.data.permissions).toMatchObject({ push: true, admin: false });
    const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
    expect(installations.map((i) => i.id)).toEqual([sim.installationId]);
    const repos = await asBot.paginate(asBot.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    expect(repos.map((r) => r.full_name)).toEqual(["acme/api"]);
    const inst = await app.rest.apps.getRepoInstallation({ owner, repo });
    expect(inst.data).toMatchObject({ id: 1, app_slug: "hotwash", account: { login: "acme" } });
  });
});
