import { describe, expect, it } from "vitest";
import type { GitHubSim } from "../../src/sim/index.js";
import { installationCreated, installationRepositoriesAdded } from "../support/installation-webhooks.js";
import { startApp } from "../support/probot-app.js";
import { createSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

const LABELS_ROUTE = "/repos/{owner}/{repo}/labels";

function world(): GitHubSim {
  const sim = createSim();
  sim.createRepo("acme/shop");
  sim.addUser("bob");
  sim.setPermission("acme/shop", "bob", "write");
  return sim;
}

describe("the App installed on repositories", () => {
  it("creates Hotwash's labels in each repository it is installed on, named as its config says", async () => {
    const sim = world();
    sim.createRepo("acme/api");
    sim.setFile("acme/api", ".github/hotwash.yml", "labels:\n  incident: outage\n");
    const app = await startApp(sim);

    expect(await app.post("installation", installationCreated(sim, ["acme/shop", "acme/api"], "bob"))).toBe(
      200,
    );
    for (const repo of ["acme/shop", "acme/api"]) {
      expect(sim.labels(repo)).toEqual(
        expect.arrayContaining([
          "sev1",
          "sev4",
          "status:investigating",
          "status:resolved",
          "drill",
          "action-item",
          "postmortem",
        ]),
      );
    }
    expect(sim.labels("acme/shop")).toContain("incident");
    expect(sim.labels("acme/api")).toContain("outage");
    expect(sim.labels("acme/api")).not.toContain("incident");
    expect(sim.requestCount({ route: "/app/installations/{installation_id}/access_tokens" })).toBe(1);
  });

  it("creates them in a repository added to the installation, leaving the labels that exist alone", async () => {
    const sim = world();
    sim.createRepo("acme/web");
    const app = await startApp(sim);
    // A person made the incident label already, their way.
    const person = sim.createIssue("acme/web", { title: "old", labels: ["incident"], as: "bob" });
    expect(person.labels).toHaveLength(1);

    const added = installationRepositoriesAdded(sim, ["acme/web"], "bob");
    expect(await app.post("installation_repositories", added)).toBe(200);
    expect(sim.labels("acme/web").filter((l) => l === "incident")).toHaveLength(1);
    expect(sim.labels("acme/web")).toContain("status:monitoring");
    // Installed again (or redelivered): everything exists, nothing is created.
    sim.clearRequests();
    expect(await app.post("installation_repositories", added)).toBe(200);
    expect(sim.requestCount({ method: "POST", route: LABELS_ROUTE })).toBe(0);
    expect(sim.requestCount({ method: "PATCH" })).toBe(0);
  });

  it("so the incident form's label sticks and the first incident is declared", async () => {
    const sim = world();
    const app = await startApp(sim);
    await app.post("installation", installationCreated(sim, ["acme/shop"], "bob"));
    // GitHub keeps a form's label only when the repository has it: now it does.
    const issue = sim.createIssue("acme/shop", {
      title: "Incident: login failures",
      body: "### Severity\n\nsev1\n\n### What is happening?\n\nLogins fail.",
      labels: sim.labels("acme/shop").includes("incident") ? ["incident"] : [],
      as: "bob",
    });
    expect(await app.post("issues", hooks.issuesOpened({ issue }))).toBe(200);
    expect(sim.issueLabels("acme/shop", issue.number).sort()).toEqual([
      "incident",
      "sev1",
      "status:investigating",
    ]);
  });
});
