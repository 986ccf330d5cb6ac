import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startApp } from "../support/probot-app.js";
import { createSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

const REPO = "acme/shop";

function world() {
  const sim = createSim();
  sim.createRepo(REPO);
  sim.addUser("bob");
  sim.setPermission(REPO, "bob", "write");
  return sim;
}

describe("the Probot app receiving signed webhooks", () => {
  it("declares an incident from a comment, authenticating as the installation", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev1", "bob");

    expect(await app.post("issue_comment", hooks.issueCommentCreated({ issue, comment }))).toBe(200);
    expect(sim.issueLabels(REPO, issue.number).sort()).toEqual(["incident", "sev1", "status:investigating"]);
    expect(sim.reactionsBy(REPO, comment.id, sim.botLogin)).toEqual(["eyes", "rocket"]);
    expect(sim.requestCount({ route: "/app/installations/{installation_id}/access_tokens" })).toBe(1);
  });

  it("rejects a webhook with a bad signature and changes nothing", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "x", as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev1", "bob");
    sim.clearRequests();

    const status = await app.post("issue_comment", hooks.issueCommentCreated({ issue, comment }), {
      secret: "wrong",
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(sim.requests).toEqual([]);
    expect(sim.issueLabels(REPO, issue.number)).toEqual([]);
  });

  it("never runs an edited comment", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "x", as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev1", "bob");
    sim.clearRequests();
    expect(await app.post("issue_comment", hooks.issueCommentEdited({ issue, comment, from: "hello" }))).toBe(
      200,
    );
    expect(sim.requests).toEqual([]);
  });

  it("changes nothing when GitHub redelivers the same webhook", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "x", as: "bob" });
    await app.post(
      "issue_comment",
      hooks.issueCommentCreated({
        issue,
        comment: sim.createComment(REPO, issue.number, "/incident sev2", "bob"),
      }),
    );
    const note = sim.createComment(REPO, issue.number, "/note database failover started", "bob");
    const payload = hooks.issueCommentCreated({ issue: sim.issue(REPO, issue.number), comment: note });
    const id = randomUUID();
    await app.post("issue_comment", payload, { id });
    const comments = sim.comments(REPO, issue.number).map((c) => c.body);
    await app.post("issue_comment", payload, { id });
    expect(sim.comments(REPO, issue.number).map((c) => c.body)).toEqual(comments);
  });

  it("declares an issue filed from the incident form with the severity chosen there", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, {
      title: "Incident: login failures",
      body: "### Severity\n\nsev2\n\n### What is happening?\n\nLogins fail for EU users.",
      labels: ["incident"],
      as: "bob",
    });
    expect(await app.post("issues", hooks.issuesOpened({ issue }))).toBe(200);
    expect(sim.issueLabels(REPO, issue.number).sort()).toEqual(["incident", "sev2", "status:investigating"]);
    expect(sim.issueAssignees(REPO, issue.number)).toEqual(["bob"]);
    expect(sim.comments(REPO, issue.number)[0]?.body).toContain("<!-- hotwash:board -->");
  });

  it("puts a deployment during an open incident on its board", async () => {
    const sim = world();
    const app = await startApp(sim);
    const issue = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    const declare = sim.createComment(REPO, issue.number, "/incident sev2", "bob");
    await app.post("issue_comment", hooks.issueCommentCreated({ issue, comment: declare }));
    const deployment = sim.createDeployment(REPO, {
      ref: "v1.2.3",
      sha: sim.setFile(REPO, "app.txt", "1"),
      environment: "production",
      creator: "bob",
    });
    const status = sim.addDeploymentStatus(REPO, deployment.id, { state: "failure" });

    expect(await app.post("deployment_status", hooks.deploymentStatusCreated(deployment, status))).toBe(200);
    const board = sim.comments(REPO, issue.number).find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
    expect(board?.body).toContain("Deployed `v1.2.3`");
    expect(board?.body).toContain("Deployment of `v1.2.3` to `production` failed");
  });
});
