/**
 * Post-mortems through the committed Action bundle, in a directory that holds only what a runner
 * has: `/postmortem` renders Hotwash's default template (which must travel inside the bundle), and
 * the pull request's merge turns the front matter's action items into issues.
 */
import { describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "../services/harness.js";
import { pullRequestClosed } from "../support/webhooks.js";
import { actionReplies, actionRunner } from "./bundle-step.js";

const run = actionRunner();

const ITEMS = [
  "  - title: Alert on connection-pool saturation",
  "    owner: carol",
  "    due: 2026-12-15",
  "    priority: P1",
  "  - title: Write the pool-exhaustion runbook",
  "    owner: bob",
  "",
].join("\n");

/** A declared and resolved incident (handled in-process: this file is about the bundle's post-mortem). */
async function resolvedIncident(w: World): Promise<number> {
  const issue = w.openIssue("Checkout is down").number;
  await w.comment(issue, "bob", "/incident sev2 Checkout returns 503");
  w.tick(20);
  await w.comment(issue, "bob", "/resolve Rolled back the deploy");
  w.tick(30);
  return issue;
}

function postmortemPull(w: World) {
  const pull = w.sim.issues(REPO).find((i) => i.pull_request && i.title.startsWith("Post-mortem:"));
  return pull ? w.sim.pull(REPO, pull.number) : undefined;
}

/** The incident's boards, by whoever wrote them (in-process setup writes as the App's bot). */
function boards(w: World, issue: number): string[] {
  return w.sim
    .comments(REPO, issue)
    .filter((c) => c.body?.startsWith("<!-- hotwash:board -->"))
    .map((c) => c.body ?? "");
}

function actionItems(w: World) {
  return w.sim.issues(REPO).filter((i) => w.sim.issueLabels(REPO, i.number).includes("action-item"));
}

describe("action/dist/index.js: /postmortem and the post-mortem's merge", () => {
  // Every write waits its turn (GitHub's spacing for content-creating requests): this flow takes a while.
  it(
    "opens the pull request from the default template, and its merge turns the action items into issues",
    { timeout: 180_000 },
    async () => {
      const w = createWorld({ face: "action" });
      const issue = await resolvedIncident(w);
      const out = await run.comment(w, issue, "bob", "/postmortem");

      expect(actionReplies(w, issue).join("\n")).not.toMatch(/failed\*\*|ENOENT/);
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      expect(out.outputs).toEqual({ incident: String(issue), decision: "done", reason: "" });
      const pull = postmortemPull(w);
      expect(pull?.title).toBe(`Post-mortem: Checkout returns 503 (#${issue})`);
      expect(pull?.user.login).toBe("github-actions[bot]");
      expect(w.sim.issueLabels(REPO, pull?.number ?? 0)).toContain("postmortem");
      const branch = `hotwash/postmortem-${issue}`;
      const path = `docs/postmortems/2026-11-23-${issue}-checkout-returns-503.md`;
      const doc = w.sim.getFile(REPO, path, branch) ?? "";
      expect(doc).toMatch(/^---\n/);
      expect(doc).toContain(`# Post-mortem: Checkout returns 503 ([#${issue}]`);
      expect(doc).toContain("**Blameless review.**");
      expect(actionReplies(w, issue).at(-1)).toContain(
        `📝 Opened the post-mortem pull request [#${pull?.number}]`,
      );
      expect(w.sim.reactionsBy(REPO, out.commentId, "github-actions[bot]")).toEqual(["eyes", "rocket"]);
      expect(out.summary).toContain("`/postmortem`");
      expect(out.summary).toContain(`Post-mortem pull request #${pull?.number}`);

      // The authors fill in the front matter's action items on the branch, as people do, and merge.
      const edited = doc.replace(/^action_items:.*\n/m, `action_items:\n${ITEMS}`);
      expect(edited).not.toBe(doc);
      w.sim.pushCommit(REPO, { branch, files: { [path]: edited }, message: "Action items", as: "carol" });
      w.tick(60);
      const merged = w.sim.mergePull(REPO, pull?.number ?? 0, "alice");
      const merge = await run.event(
        w,
        "pull_request",
        pullRequestClosed(merged, true, { sender: w.sim.user("alice") }),
      );

      expect(merge.stderr).toBe("");
      expect(merge.code).toBe(0);
      expect(merge.outputs).toMatchObject({ incident: String(issue), decision: "done" });
      const items = actionItems(w);
      expect(items.map((i) => i.title)).toEqual([
        "Alert on connection-pool saturation",
        "Write the pool-exhaustion runbook",
      ]);
      expect(items.map((i) => w.sim.issueAssignees(REPO, i.number))).toEqual([["carol"], ["bob"]]);
      expect(w.sim.subIssues(REPO, issue)).toEqual(items.map((i) => i.number));
      const comment = w.sim.comments(REPO, pull?.number ?? 0).at(-1)?.body ?? "";
      expect(comment).toContain(`📌 Created 2 action item issues, tracked on #${issue}:`);
      expect(boards(w, issue)).toEqual([expect.stringContaining("### Action items (0/2 done)")]);
      for (const item of items)
        expect(merge.summary).toContain(
          `[#${item.number}](https://github.com/acme/shop/issues/${item.number})`,
        );
      expect(merge.summary).toContain(`[#${issue}](https://github.com/acme/shop/issues/${issue})`);
    },
  );
});
