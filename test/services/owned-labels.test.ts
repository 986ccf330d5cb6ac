import { describe, expect, it } from "vitest";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { createWorld, REPO } from "./harness.js";
import * as hooks from "../support/webhooks.js";

describe("Hotwash changes only the labels it owns", () => {
  it("keeps a label a person adds while /sev1 is being handled", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");

    // The webhook carries the issue as it was when the comment was posted…
    const comment = w.sim.createComment(REPO, issue, "/sev1", "bob");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    // …and a person labels the issue before Hotwash gets to it.
    w.sim.addLabels(REPO, issue, ["customer-impact"], "alice");
    const out = await routeEvent(w.deps(), "issue_comment", payload as unknown as WebhookPayload);

    expect(out).toMatchObject({ kind: "done" });
    expect(w.labels(issue)).toEqual(["customer-impact", "incident", "sev1", "status:investigating"]);
  });

  it("computes labels from the incident's state, not from the webhook's stale copy of the issue", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    w.sim.addLabels(REPO, issue, ["needs-triage"], "alice");
    await w.comment(issue, "bob", "/incident sev2");
    // A /status whose webhook was sent before /sev1 ran and before a person removed `needs-triage`.
    const comment = w.sim.createComment(REPO, issue, "/status identified pool exhausted", "carol");
    const stale = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    await w.comment(issue, "bob", "/sev1");
    w.sim.removeLabel(REPO, issue, "needs-triage", "alice");

    const out = await routeEvent(w.deps(), "issue_comment", stale as unknown as WebhookPayload);
    expect(out).toMatchObject({ kind: "done" });
    expect(w.labels(issue)).toEqual(["incident", "sev1", "status:identified"]);
  });

  it("never removes a label it does not own, and leaves correct labels alone", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors", { labels: ["backend"] }).number;
    await w.comment(issue, "bob", "/incident sev2");
    await w.comment(issue, "bob", "/sev1");
    await w.comment(issue, "carol", "/status monitoring rolled back");
    expect(w.labels(issue)).toEqual(["backend", "incident", "sev1", "status:monitoring"]);
    // One removal each for the replaced severity and status; the issue is never PATCHed with a label set.
    expect(
      w.sim.requestCount({
        method: "DELETE",
        route: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
      }),
    ).toBe(2);
    expect(
      w.sim.requests.filter(
        (r) => r.method === "PATCH" && r.route === "/repos/{owner}/{repo}/issues/{issue_number}",
      ),
    ).toHaveLength(1); // the declaration's assignee
    w.sim.clearRequests();
    await w.comment(issue, "carol", "/note nothing to relabel");
    expect(w.sim.requests.filter((r) => r.route.includes("/labels"))).toEqual([]);
  });
});
