import { describe, expect, it } from "vitest";
import { GitHubError } from "../../src/services/port.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { pullRequestClosed } from "../support/webhooks.js";
import { harness, postmortemPull, REPO, type Harness } from "./harness.js";

const BRANCH = "hotwash/postmortem-1";
const PATH = "docs/postmortems/2024-05-01-1-checkout-api-returns-500s.md";

/** A resolved incident with one `/action` item, its post-mortem PR open. */
async function withPostmortem(): Promise<Harness & { pull: number; tracked: number }> {
  const h = await harness();
  await h.resolvedIncident();
  await h.comment(1, "/action Add connection-pool alerts @carol due:2024-06-15", "bob");
  const tracked = Number(h.actionItemIssues()[0]?.["number"]);
  await h.comment(1, "/postmortem", "bob");
  return Object.assign(h, { pull: Number(postmortemPull(h)["number"]), tracked });
}

/** The authors add items to the front matter on the branch, as a person would. */
function addItems(h: Harness, yaml: string, ref = BRANCH): void {
  const doc = h.sim.getFile(REPO, PATH, ref) ?? "";
  const edited = doc.replace(/^action_items:\n/m, `action_items:\n${yaml}`);
  if (edited === doc) throw new Error("no action_items in the document");
  h.sim.pushCommit(REPO, {
    branch: ref,
    files: { [PATH]: edited },
    message: "Add action items",
    as: "carol",
  });
}

const NEW_ITEMS = [
  "  - title: Load-test checkout before each release",
  "    owner: bob",
  "    due: 2024-07-01",
  "    priority: P1",
  "  - title: Write the pool-exhaustion runbook",
  "    owner: zed",
  "",
].join("\n");

function prComments(h: Harness, pull: number): string[] {
  return h.sim.comments(REPO, pull).map((c) => String(c["body"]));
}

describe("merging the post-mortem", () => {
  it("turns every action item without an issue into a sub-issue of the incident and lists them on the PR", async () => {
    const h = await withPostmortem();
    addItems(h, NEW_ITEMS);
    await h.merge(h.pull, "alice");

    const items = h.actionItemIssues();
    expect(items.map((i) => i["title"])).toEqual([
      "Add connection-pool alerts",
      "Load-test checkout before each release",
      "Write the pool-exhaustion runbook",
    ]);
    const [, loadTest, runbook] = items.map((i) => Number(i["number"]));
    expect(h.sim.issueAssignees(REPO, loadTest ?? 0)).toEqual(["bob"]);
    // zed is no collaborator: the issue is created unassigned and the comment says so.
    expect(h.sim.issueAssignees(REPO, runbook ?? 0)).toEqual([]);
    expect(h.sim.issueLabels(REPO, runbook ?? 0)).toEqual(["action-item"]);
    expect(String(h.sim.issue(REPO, loadTest ?? 0)["body"])).toContain("| **Priority** | P1 |");
    expect(h.sim.subIssues(REPO, 1)).toEqual([h.tracked, loadTest, runbook]);

    const [comment] = prComments(h, h.pull);
    expect(comment).toContain("📌 Created 2 action item issues, tracked on #1:");
    expect(comment).toContain(`#${loadTest}`);
    expect(comment).toContain("@\u200bzed cannot be assigned in this repository");
    expect(comment).toContain(`Already tracked: #${h.tracked}.`);
    expect(h.board(1)).toContain("### Action items (0/3 done)");
  });

  it("creates nothing twice when the webhook is delivered again", async () => {
    const h = await withPostmortem();
    addItems(h, NEW_ITEMS);
    const merged = await h.merge(h.pull, "alice");
    const before = h.sim.issues(REPO).length;
    const comments = prComments(h, h.pull).length;

    const again = await h.deliver(
      "pull_request",
      pullRequestClosed(merged, true, { sender: h.sim.user("alice") }),
    );
    expect(again).toMatchObject({ kind: "done", created: [] });
    expect(h.sim.issues(REPO)).toHaveLength(before);
    expect(prComments(h, h.pull)).toHaveLength(comments);
    expect(h.board(1)).toContain("### Action items (0/3 done)");
  });

  it("creates nothing from malformed front matter, says what is wrong, and creates only what is missing once fixed", async () => {
    const h = await withPostmortem();
    addItems(
      h,
      "  - title: Load-test checkout before each release\n    owner: bob\n  - title: Write the runbook\n    due: 2024-13-01\n",
    );
    const merged = await h.merge(h.pull, "alice");
    expect(h.actionItemIssues()).toHaveLength(1);
    const [problem] = prComments(h, h.pull);
    expect(problem).toContain("Hotwash created **no** action items");
    expect(problem).toContain(
      '`action_items` item 2 ("Write the runbook"): `due` "2024-13-01" is not a date',
    );

    // Fixed on main, then the webhook is redelivered.
    const doc = h.sim.getFile(REPO, PATH) ?? "";
    h.sim.setFile(REPO, PATH, doc.replace("2024-13-01", "2024-07-01"), "main", { as: "carol" });
    await h.deliver("pull_request", pullRequestClosed(merged, true, { sender: h.sim.user("alice") }));
    expect(h.actionItemIssues().map((i) => i["title"])).toEqual([
      "Add connection-pool alerts",
      "Load-test checkout before each release",
      "Write the runbook",
    ]);
    expect(prComments(h, h.pull).at(-1)).toContain("📌 Created 2 action item issues");
  });

  it("records what it created before a failure, so the next delivery creates only the rest", async () => {
    const h = await withPostmortem();
    addItems(h, NEW_ITEMS);
    const merged = h.sim.mergePull(REPO, h.pull, "alice");
    const payload = pullRequestClosed(merged, true, {
      sender: h.sim.user("alice"),
    }) as unknown as WebhookPayload;

    // GitHub fails the second issue creation of this delivery.
    const deps = h.deps();
    let calls = 0;
    const flaky = {
      ...deps.port,
      createIssue: (issue: Parameters<typeof deps.port.createIssue>[0]) =>
        ++calls === 2
          ? Promise.reject(new GitHubError("Server Error", 502, "server"))
          : deps.port.createIssue(issue),
    };
    const outcome = await routeEvent({ ...deps, port: flaky }, "pull_request", payload);
    expect(outcome).toMatchObject({ kind: "done", created: [expect.any(Number)] });
    expect(h.actionItemIssues()).toHaveLength(2);
    expect(prComments(h, h.pull).at(-1)).toContain("GitHub had a server error (502)");
    expect(h.board(1)).toContain("### Action items (0/2 done)");

    await h.deliver("pull_request", payload);
    expect(h.actionItemIssues().map((i) => i["title"])).toEqual([
      "Add connection-pool alerts",
      "Load-test checkout before each release",
      "Write the pool-exhaustion runbook",
    ]);
    expect(h.board(1)).toContain("### Action items (0/3 done)");
  });

  it("reports YAML that does not parse", async () => {
    const h = await withPostmortem();
    const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
    h.sim.pushCommit(REPO, {
      branch: BRANCH,
      files: { [PATH]: doc.replace("action_items:", "action_items: [unclosed") },
      as: "carol",
    });
    await h.merge(h.pull, "alice");
    expect(prComments(h, h.pull)[0]).toMatch(/The front matter is not valid YAML at line \d+/);
    expect(h.actionItemIssues()).toHaveLength(1);
  });

  it("creates the missing items when /postmortem runs after the merge", async () => {
    const h = await withPostmortem();
    addItems(h, "  - title: Write the runbook\n    owner: carol\n    due: 2024-13-01\n");
    await h.merge(h.pull, "alice");
    expect(h.actionItemIssues()).toHaveLength(1);
    const doc = h.sim.getFile(REPO, PATH) ?? "";
    h.sim.setFile(REPO, PATH, doc.replace("2024-13-01", "2024-07-01"), "main", { as: "carol" });

    await h.comment(1, "/postmortem", "bob");
    expect(h.actionItemIssues()).toHaveLength(2);
    const reply = h.lastReply(1);
    expect(reply).toContain(`The post-mortem was merged in [#${h.pull}]`);
    expect(reply).toContain("📌 Created 1 action item issue, tracked on #1:");
    // The merged file is left alone.
    expect(h.sim.getFile(REPO, PATH)).toContain("2024-07-01");
    expect(h.pulls()).toHaveLength(1);
  });

  it("ignores pull requests that are not merged post-mortems", async () => {
    const h = await withPostmortem();
    h.sim.pushCommit(REPO, { branch: "feature", files: { "a.txt": "a\n" }, as: "dave" });
    const other = h.sim.createPull(REPO, { head: "feature", title: "Feature", as: "dave" });
    expect(await h.deliver("pull_request", pullRequestClosed(other, true))).toMatchObject({
      kind: "ignored",
    });
    const closed = postmortemPull(h);
    expect(await h.deliver("pull_request", pullRequestClosed(closed, false))).toMatchObject({
      kind: "ignored",
      reason: "closed without merging",
    });
  });
});
