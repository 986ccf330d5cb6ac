import { describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "./harness.js";

/** A deployment a day and a half ago (outside the 24h window), then two within it, in two environments. */
function deployments(w: World): void {
  w.sim.createDeployment(REPO, {
    ref: "v1.3.0",
    sha: w.sim.setFile(REPO, "app.txt", "3"),
    environment: "production",
    creator: "alice",
  });
  w.tick(36 * 60);
  w.sim.createDeployment(REPO, {
    ref: "v1.4.0",
    sha: w.sim.setFile(REPO, "app.txt", "4"),
    environment: "production",
    creator: "alice",
    statuses: [{ state: "success" }],
  });
  w.tick(30);
  w.sim.createDeployment(REPO, {
    ref: "feature-x",
    sha: w.sim.setFile(REPO, "app.txt", "x"),
    environment: "staging",
    creator: "bob",
  });
  w.tick(10);
}

const suspectSection = (w: World, issue: number) =>
  /### Suspect changes[\s\S]*?(?=\n### |$)/.exec(w.board(issue))?.[0] ?? "";

describe("suspect deployments on the board", () => {
  it("lists deployments to every environment in the window when no services are configured", async () => {
    const w = createWorld();
    deployments(w);
    const issue = w.openIssue("Checkout down");
    await w.comment(issue.number, "bob", "/incident sev2 Checkout down");
    const section = suspectSection(w, issue.number);
    // No service claims them: they are the repository's own deployments.
    expect(section).toContain("Deployed `shop` `v1.4.0`");
    expect(section).toContain("to `production`");
    expect(section).toContain("`feature-x`");
    expect(section).toContain("to `staging`");
    expect(section).not.toContain("v1.3.0");
    expect(section).not.toContain("No deployments");
  });

  it("lists every environment when no service names one", async () => {
    const w = createWorld({ config: { services: { api: {} } } });
    deployments(w);
    const issue = w.openIssue("Checkout down");
    await w.comment(issue.number, "bob", "/incident sev2 Checkout down");
    expect(suspectSection(w, issue.number)).toContain("to `staging`");
  });

  it("lists only the services' environments when services name them", async () => {
    const w = createWorld({ config: { services: { api: { environment: "production" } } } });
    deployments(w);
    const issue = w.openIssue("Checkout down");
    await w.comment(issue.number, "bob", "/incident sev2 Checkout down");
    const section = suspectSection(w, issue.number);
    expect(section).toContain("Deployed `api` `v1.4.0`");
    expect(section).not.toContain("staging");
  });
});
