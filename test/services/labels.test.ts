import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { labelCatalogue } from "../../src/core/incident/labels.js";
import { testOctokit } from "../support/octokit.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO, type World } from "./harness.js";

const LABELS_ROUTE = "/repos/{owner}/{repo}/labels";
const [owner, repo] = REPO.split("/") as [string, string];

/** The repository's labels as GitHub returns them: name → colour and description. */
async function repoLabels(): Promise<Record<string, { color: string; description: string | null }>> {
  const labels = await testOctokit().paginate(testOctokit().rest.issues.listLabelsForRepo, { owner, repo });
  return Object.fromEntries(labels.map((l) => [l.name, { color: l.color, description: l.description }]));
}

const HOTWASH_LABELS = labelCatalogue(DEFAULT_CONFIG).map((l) => l.name);

async function declare(w: World, title = "Checkout down"): Promise<number> {
  const issue = w.openIssue(title);
  expect((await w.comment(issue.number, "bob", `/incident sev2 ${title}`)).kind).toBe("done");
  return issue.number;
}

describe("Hotwash's labels", () => {
  it("are created with colours and descriptions when an incident is declared in a repository that lacks them", async () => {
    const w = createWorld();
    expect(w.sim.labels(REPO)).not.toContain("incident");
    const issue = await declare(w);

    const labels = await repoLabels();
    for (const name of HOTWASH_LABELS) {
      expect(labels[name], name).toBeDefined();
      expect(labels[name]?.color, name).not.toBe("ededed"); // GitHub's grey for a label made on first use
      expect(labels[name]?.description, name).toBeTruthy();
    }
    expect(labels["sev1"]?.description).toBe("Severity: Critical, Outage, data loss or security breach");
    // ...before they were set on the incident, which carries them as created.
    expect(w.labels(issue)).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("never recolours or re-describes a label a person made or changed", async () => {
    const w = createWorld();
    await testOctokit().rest.issues.createLabel({
      owner,
      repo,
      name: "Incident",
      color: "000000",
      description: "Ours",
    });
    await declare(w);
    const labels = await repoLabels();
    expect(labels["Incident"]).toEqual({ color: "000000", description: "Ours" });
    expect(labels["incident"]).toBeUndefined(); // names are case-insensitive: not created twice
    expect(labels["sev2"]?.color).not.toBe("ededed");
  });

  it("follow the names the config sets", async () => {
    const w = createWorld({
      config: {
        labels: { incident: "outage", statusPrefix: "state/", drill: "game-day" },
        severities: { p1: { name: "Page now" }, p2: { name: "Next day" } },
      },
    });
    const issue = w.openIssue("Checkout down");
    await w.comment(issue.number, "bob", "/incident p1");
    const names = Object.keys(await repoLabels());
    expect(names).toEqual(
      expect.arrayContaining(["outage", "p1", "p2", "state/investigating", "state/resolved", "game-day"]),
    );
    expect(names).not.toContain("incident");
    expect(names).not.toContain("sev1");
  });

  it("cost one request per declaration once they exist", async () => {
    const w = createWorld();
    await declare(w);
    w.sim.clearRequests();
    await declare(w, "Search slow");
    expect(w.sim.requestCount({ method: "GET", route: LABELS_ROUTE })).toBe(1);
    expect(w.sim.requestCount({ method: "POST", route: LABELS_ROUTE })).toBe(0);
  });

  it("never block a declaration when they cannot be created", async () => {
    const w = createWorld();
    w.sim.failNext({ method: "POST", route: LABELS_ROUTE, status: 403, times: 20 });
    const issue = await declare(w);
    expect(w.labels(issue)).toEqual(["incident", "sev2", "status:investigating"]);
  });
});

describe("the incident issue form in a brand-new repository", () => {
  // GitHub drops a form's labels that the repository does not have: the issue arrives unlabelled.
  const FORM_BODY =
    "### Severity\n\nsev2\n\n### What is happening?\n\nLogins fail for EU users.\n\n### Affected services\n\n_No response_\n\n### Links\n\n_No response_";

  it("declares the first incident filed through it, though its `incident` label was dropped", async () => {
    const w = createWorld();
    const issue = w.openIssue("Incident: login failures", { body: FORM_BODY });
    expect(issue.labels).toEqual([]);

    const out = await w.deliver("issues", hooks.issuesOpened({ issue }));
    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["incident", "sev2", "status:investigating"]);
    expect(w.assignees(issue.number)).toEqual(["bob"]);
    expect(w.board(issue.number)).toContain("<!-- hotwash:board -->");
    expect((await repoLabels())["incident"]?.color).not.toBe("ededed");
  });

  it("does not take another form with a Severity field for it", async () => {
    const w = createWorld();
    const issue = w.openIssue("Bug: typo on the pricing page", {
      body: "### Severity\n\nsev4\n\n### Steps to reproduce\n\nOpen /pricing.",
    });
    const out = await w.deliver("issues", hooks.issuesOpened({ issue }));
    expect(out.kind).toBe("ignored");
    expect(w.labels(issue.number)).toEqual([]);
  });
});
