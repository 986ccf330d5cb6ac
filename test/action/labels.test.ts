import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runAction } from "../../src/action/main.js";
import { testOctokit } from "../support/octokit.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO } from "../services/harness.js";
import { runnerFiles } from "./runner-files.js";

const FORM_BODY = "### Severity\n\nsev2\n\n### What is happening?\n\nLogins fail for EU users.";

describe("the Action's first run in a brand-new repository", () => {
  const files = runnerFiles();
  afterAll(() => files.remove());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  // The Action's client spaces writes a second apart, as GitHub asks: a dozen labels take a while.
  it(
    "declares the incident filed through the form and creates Hotwash's labels first",
    { timeout: 60_000 },
    async () => {
      const w = createWorld({ face: "action" });
      // GitHub dropped the form's `incident` label: the repository did not have it yet.
      const issue = w.openIssue("Incident: login failures", { body: FORM_BODY });
      const event = files.write("event.json", JSON.stringify(hooks.issuesOpened({ issue })));
      vi.stubEnv("GITHUB_OUTPUT", files.output);
      vi.stubEnv("GITHUB_STEP_SUMMARY", files.summary);

      await runAction({
        GITHUB_ACTIONS: "true",
        GITHUB_REPOSITORY: REPO,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_API_URL: "https://api.github.com",
        GITHUB_EVENT_NAME: "issues",
        GITHUB_EVENT_PATH: event,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        "INPUT_GITHUB-TOKEN": w.sim.createToken("github-actions[bot]"),
      });

      expect(files.outputs()["decision"]).toBe("done");
      expect(w.labels(issue.number)).toEqual(["incident", "sev2", "status:investigating"]);
      const labels = await testOctokit().paginate(testOctokit().rest.issues.listLabelsForRepo, {
        owner: "acme",
        repo: "shop",
      });
      const incident = labels.find((l) => l.name === "incident");
      expect(incident?.color).not.toBe("ededed");
      expect(incident?.description).toBeTruthy();
      expect(labels.map((l) => l.name)).toEqual(expect.arrayContaining(["status:resolved", "postmortem"]));
    },
  );
});
