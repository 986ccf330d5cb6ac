/** The post-mortem check in the Action: the job's annotations and its failing step are the check. */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runAction } from "../../src/action/main.js";
import { createWorld, REPO, type World } from "../services/harness.js";
import { pullRequestOpened, pullRequestSynchronize } from "../support/webhooks.js";
import { runnerFiles } from "./runner-files.js";

const BRANCH = "hotwash/postmortem-1";

describe("the Action on a post-mortem pull request", () => {
  const files = runnerFiles();
  afterAll(() => files.remove());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });

  async function withPostmortem(): Promise<{ w: World; path: string }> {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout is down").number;
    await w.comment(issue, "bob", "/incident sev2 Checkout returns 503");
    w.tick(20);
    await w.comment(issue, "bob", "/resolve Rolled back the deploy");
    await w.comment(issue, "bob", "/postmortem");
    const path = "docs/postmortems/2026-11-23-1-checkout-returns-503.md";
    if (!w.sim.getFile(REPO, path, BRANCH)) throw new Error(`no post-mortem at ${path}`);
    return { w, path };
  }

  /** One step run for a pull_request event; resolves to what the step printed (workflow commands). */
  async function step(w: World, event: string, payload: unknown): Promise<string> {
    files.reset();
    vi.stubEnv("GITHUB_OUTPUT", files.output);
    vi.stubEnv("GITHUB_STEP_SUMMARY", files.summary);
    const printed: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation(
      (c: string | Uint8Array) => (printed.push(String(c)), true),
    );
    await runAction({
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: REPO,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_API_URL: "https://api.github.com",
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: files.write("event.json", JSON.stringify(payload)),
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      "INPUT_GITHUB-TOKEN": w.sim.createToken("github-actions[bot]"),
    });
    vi.restoreAllMocks();
    return printed.join("");
  }

  it(
    "annotates each prompt left, fails the step, then passes after a person's fix",
    { timeout: 60_000 },
    async () => {
      const { w, path } = await withPostmortem();
      const pull = () => w.sim.pull(REPO, w.sim.issues(REPO).find((i) => i.pull_request)?.number ?? 0);
      const doc = w.sim.getFile(REPO, path, BRANCH) ?? "";
      const summaryLine = doc.split("\n").findIndex((l) => l.startsWith("_TODO(author): two or three")) + 1;

      const out = await step(w, "pull_request", pullRequestOpened(pull()));
      expect(out).toContain(
        `::error title=Template prompt left,file=${path},line=${summaryLine},endLine=${summaryLine}::"Summary" still holds the template's prompt`,
      );
      expect(out.match(/^::error /gm)).toHaveLength(11);
      expect(out).toContain(`::error::The post-mortem ${path} is not ready to merge yet.`);
      expect(process.exitCode).toBe(1);
      expect(files.outputs()["decision"]).toBe("postmortem-checked");
      expect(readFileSync(files.summary, "utf8")).toContain(`❌ \`${path}\` is not ready to merge yet.`);
      // With `checks: write` the Checks API run is there too.
      expect(w.sim.checkRuns(REPO, BRANCH).map((r) => r["conclusion"])).toEqual(["failure"]);

      process.exitCode = undefined;
      const before = pull().head.sha;
      w.sim.pushCommit(REPO, {
        branch: BRANCH,
        files: { [path]: doc.replace(/_TODO\(author\):[^\n]*_/g, "Written by the team.") },
        as: "carol",
      });
      const fixed = await step(w, "pull_request", pullRequestSynchronize(pull(), before));
      expect(fixed).not.toMatch(/^::error/m);
      expect(process.exitCode).toBeUndefined();
      expect(w.sim.checkRuns(REPO, BRANCH).map((r) => r["conclusion"])).toEqual(["success"]);
    },
  );
});
