import { describe, expect, it } from "vitest";
import { runSummary } from "../../src/action/summary.js";
import type { WebhookPayload } from "../../src/services/route.js";
import { createWorld, REPO } from "../services/harness.js";
import * as hooks from "../support/webhooks.js";

describe("the Action on deployment_status", () => {
  it("records the deployment on the open incident and says so in the job summary", async () => {
    const w = createWorld({ face: "action", config: { services: { api: { environment: "production" } } } });
    const issue = w.openIssue("Checkout errors").number;
    await w.comment(issue, "bob", "/incident sev2");
    w.tick(5);
    const deployment = w.sim.createDeployment(REPO, {
      ref: "v1.2.3",
      sha: w.sim.setFile(REPO, "app.txt", "1"),
      creator: "alice",
    });
    const status = w.sim.addDeploymentStatus(REPO, deployment.id, { state: "success" });
    const payload = hooks.deploymentStatusCreated(deployment, status) as unknown as WebhookPayload;
    const outcome = await w.deliver("deployment_status", payload);

    expect(w.board(issue)).toContain("Deployed `api` `v1.2.3`");
    const summary = runSummary({
      eventName: "deployment_status",
      payload,
      outcome,
      repoUrl: "https://github.com/acme/shop",
    });
    expect(summary).toContain("Deployed `api` `v1.2.3`");
    expect(summary).toContain(`**Recorded on:** [#${issue}]`);
    // A redelivery changes nothing: no summary.
    const again = await w.deliver("deployment_status", payload);
    expect(
      runSummary({
        eventName: "deployment_status",
        payload,
        outcome: again,
        repoUrl: "https://github.com/acme/shop",
      }),
    ).toBeNull();
  });
});
