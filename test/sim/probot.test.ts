import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { expect, test } from "vitest";
import { createSim, interceptWithNock, serveSim } from "../support/sim.js";
import { issueCommentCreated, webhookEvent } from "../support/webhooks.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const quiet = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });

test("a Probot app on GHES (loopback server under /api/v3) authenticates and comments", async () => {
  const sim = createSim();
  sim.createRepo("acme/api");
  sim.setPermission("acme/api", "alice", "write");
  sim.setFile("acme/api", ".github/hotwash.yml", "commands: true\n");
  const server = await serveSim(sim);
  const probot = new Probot({
    appId: 1,
    privateKey,
    baseUrl: server.gheUrl,
    Octokit: quiet,
    logLevel: "fatal",
  });
  let config: unknown;
  probot.on("issue_comment.created", async (context) => {
    config = await context.config("hotwash.yml");
    await context.octokit.rest.reactions.createForIssueComment(
      context.repo({ comment_id: context.payload.comment.id, content: "eyes" }),
    );
    await context.octokit.rest.issues.createComment(context.issue({ body: "ack" }));
  });
  const issue = sim.createIssue("acme/api", { title: "API down", as: "alice" });
  const comment = sim.createComment("acme/api", 1, "/sev1", "alice");
  await probot.receive(webhookEvent("issue_comment", issueCommentCreated({ issue, comment })));
  expect(config).toEqual({ commands: true });
  expect(sim.reactionsBy("acme/api", comment.id, "hotwash[bot]")).toEqual(["eyes"]);
  expect(sim.comments("acme/api", 1).map((c) => [c.body, c.user?.login])).toEqual([
    ["/sev1", "alice"],
    ["ack", "hotwash[bot]"],
  ]);
  expect(sim.requests.map((r) => r.route)).toEqual([
    "/app/installations/{installation_id}/access_tokens",
    "/repos/{owner}/{repo}/contents/{path}",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  ]);
});

test("Probot against api.github.com via nock", async () => {
  const sim = createSim();
  sim.createRepo("acme/api");
  interceptWithNock(sim);
  const probot = new Probot({ appId: 1, privateKey, Octokit: quiet, logLevel: "fatal" });
  const octokit = await probot.auth(sim.installationId);
  const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "api" });
  expect(data.default_branch).toBe("main");
});
