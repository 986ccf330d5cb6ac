import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { sign, webhookHeaders } from "../support/sign.js";
import { createSim } from "../support/sim.js";
import {
  issueCommentCreated,
  issueCommentEdited,
  issuesClosed,
  issuesLabeled,
  issuesOpened,
  pullRequestClosed,
  webhookEvent,
  workflowRunEvent,
} from "../support/webhooks.js";

function seed() {
  const sim = createSim();
  sim.createRepo("acme/api");
  sim.setPermission("acme/api", "alice", "write");
  return sim;
}

describe("webhook payloads from real examples + sim objects", () => {
  test("issue_comment.created carries the sim's issue, comment, repository, sender and installation", () => {
    const sim = seed();
    const issue = sim.createIssue("acme/api", { title: "API down", as: "alice" });
    const comment = sim.createComment("acme/api", 1, "/sev1", "alice");
    const payload = issueCommentCreated({ issue, comment, sender: sim.user("alice") });
    expect(payload.action).toBe("created");
    expect(payload.issue.number).toBe(1);
    expect(payload.comment.id).toBe(comment["id"]);
    expect(payload.comment.body).toBe("/sev1");
    expect(payload.repository.full_name).toBe("acme/api");
    expect(payload.sender.login).toBe("alice");
    expect(payload.installation).toEqual({ id: 1, node_id: expect.any(String) });
    expect((payload as { organization?: { login: string } }).organization?.login).toBe("acme");
    const event = webhookEvent("issue_comment", payload);
    expect(event.name).toBe("issue_comment");
  });

  test("issues.* and issue_comment.edited", () => {
    const sim = seed();
    const issue = sim.createIssue("acme/api", { title: "API down", labels: ["incident"], as: "alice" });
    expect(issuesOpened({ issue }).sender.login).toBe("alice");
    const labeled = issuesLabeled({ issue, label: "incident", sender: sim.user("alice") });
    expect(labeled.label?.name).toBe("incident");
    const closed = issuesClosed({ issue: sim.closeIssue("acme/api", 1, "alice"), sender: sim.user("alice") });
    expect(closed.action).toBe("closed");
    expect(closed.issue.state).toBe("closed");
    const comment = sim.createComment("acme/api", 1, "hello", "alice");
    const edited = issueCommentEdited({ issue, comment, from: "helo" });
    expect(edited.changes.body?.from).toBe("helo");
  });

  test("workflow_run and pull_request.closed", () => {
    const sim = seed();
    sim.setFile("acme/api", ".github/workflows/d.yml", "name: D\non: workflow_dispatch\njobs: {}\n");
    const run = sim.createRun("acme/api", { workflow: "d.yml", actor: "alice" });
    const done = workflowRunEvent("completed", sim.completeRun("acme/api", run.id, "success"));
    expect(done.action).toBe("completed");
    expect(done.workflow_run.conclusion).toBe("success");
    expect(done.workflow?.path).toBe(".github/workflows/d.yml");
    expect(done.repository.full_name).toBe("acme/api");

    sim.pushCommit("acme/api", { branch: "pm", files: { "pm.md": "x" }, as: "alice" });
    sim.createPull("acme/api", { head: "pm", title: "PM", as: "alice" });
    const merged = pullRequestClosed(sim.mergePull("acme/api", 1, "alice"), true);
    expect(merged.pull_request.merged).toBe(true);
    expect(merged.sender.login).toBe("alice");
    expect(merged.number).toBe(1);
  });

  test("sign produces X-Hub-Signature-256", () => {
    const body = JSON.stringify({ a: 1 });
    const expected = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
    expect(sign("s3cret", body)).toBe(expected);
    expect(webhookHeaders("s3cret", "issues", body, "d-1")).toMatchObject({
      "x-github-event": "issues",
      "x-github-delivery": "d-1",
      "x-hub-signature-256": expected,
    });
  });
});
