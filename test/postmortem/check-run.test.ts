import { describe, expect, it } from "vitest";
import { pullRequestOpened, pullRequestSynchronize } from "../support/webhooks.js";
import { harness, postmortemPull, REPO, type Harness } from "./harness.js";

const BRANCH = "hotwash/postmortem-1";
const PATH = "docs/postmortems/2024-05-01-1-checkout-api-returns-500s.md";

/** A resolved incident with one complete `/action` item, its post-mortem PR just opened. */
async function opened(): Promise<Harness> {
  const h = await harness();
  await h.resolvedIncident();
  await h.comment(1, "/action Add connection-pool alerts @carol due:2024-06-15", "bob");
  await h.comment(1, "/postmortem", "bob");
  await h.deliver("pull_request", pullRequestOpened(postmortemPull(h), { sender: h.sim.user("bob") }));
  return h;
}

/** The check runs on the branch's head commit, as the pull request's Checks tab lists them. */
function checks(h: Harness) {
  return h.sim.checkRuns(REPO, BRANCH).map((run) => ({
    name: run["name"],
    conclusion: run["conclusion"],
    title: (run["output"] as { title: string }).title,
    annotations: run.annotations.map((a) => [a["path"], a["start_line"], a["annotation_level"], a["title"]]),
  }));
}

/** A person edits the post-mortem on the branch and pushes; GitHub sends `synchronize`. */
async function push(h: Harness, edit: (doc: string) => string): Promise<void> {
  const before = postmortemPull(h).head.sha;
  const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
  h.sim.pushCommit(REPO, {
    branch: BRANCH,
    files: { [PATH]: edit(doc) },
    message: "Write the review",
    as: "carol",
  });
  await h.deliver(
    "pull_request",
    pullRequestSynchronize(postmortemPull(h), before, { sender: h.sim.user("carol") }),
  );
}

function lineOf(doc: string, text: string): number {
  return doc.split("\n").findIndex((line) => line.includes(text)) + 1;
}

describe("the post-mortem check run", () => {
  it("fails on the new pull request, annotating each prompt the authors have to replace", async () => {
    const h = await opened();
    const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
    const [run, ...others] = checks(h);
    expect(others).toEqual([]);
    expect(run?.name).toBe("Hotwash post-mortem");
    expect(run?.conclusion).toBe("failure");
    expect(run?.title).toBe("11 things to fix before merging");
    expect(run?.annotations[0]).toEqual([
      PATH,
      lineOf(doc, "_TODO(author): two or three"),
      "failure",
      "Template prompt left",
    ]);
    expect(run?.annotations.map((a) => a[3])).toEqual(Array(11).fill("Template prompt left"));
  });

  it("passes once a person's commit replaces the prompts", async () => {
    const h = await opened();
    const first = postmortemPull(h).head.sha;
    await push(h, (doc) => doc.replace(/_TODO\(author\):[^\n]*_/g, "Written by the team."));
    const runs = checks(h);
    expect(runs.map((r) => [r.conclusion, r.title, r.annotations.length])).toEqual([
      ["success", "Ready to merge", 0],
    ]);
    // The check is per commit: the first one keeps its failing run.
    expect(h.sim.checkRuns(REPO, first).map((r) => r["conclusion"])).toEqual(["failure"]);
  });

  it("fails again when a push leaves an action item without owner and the timeline emptied", async () => {
    const h = await opened();
    await push(h, (doc) =>
      doc
        .replace(/_TODO\(author\):[^\n]*_/g, "Written by the team.")
        .replace(
          "action_items:\n",
          "action_items:\n  - title: Canary deploys\n    due: 2024-07-01\n    priority: P2\n",
        )
        .replace(/\| Time[^\n]*\n(\|[^\n]*\n)+/, ""),
    );
    const doc = h.sim.getFile(REPO, PATH, BRANCH) ?? "";
    const [run] = checks(h);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations).toEqual([
      [PATH, lineOf(doc, "- title: Canary deploys"), "failure", "Action item incomplete"],
      [PATH, lineOf(doc, "## Timeline"), "failure", "Timeline empty"],
    ]);
  });

  it("attaches more than 50 annotations, 50 a request as GitHub takes them", async () => {
    const h = await opened();
    h.sim.clearRequests();
    await push(
      h,
      (doc) => `${doc}\n${Array.from({ length: 60 }, (_, i) => `_TODO(author): note ${i}_`).join("\n\n")}\n`,
    );
    const [run] = checks(h);
    expect(run?.annotations).toHaveLength(71);
    expect(h.sim.requestCount({ method: "POST", route: "/repos/{owner}/{repo}/check-runs" })).toBe(1);
    expect(
      h.sim.requestCount({ method: "PATCH", route: "/repos/{owner}/{repo}/check-runs/{check_run_id}" }),
    ).toBe(1);
  });

  it("fails, saying where it looked, when a push removes the post-mortem", async () => {
    const h = await opened();
    const before = postmortemPull(h).head.sha;
    h.sim.pushCommit(REPO, { branch: BRANCH, files: { [PATH]: null }, message: "Oops", as: "carol" });
    await h.deliver("pull_request", pullRequestSynchronize(postmortemPull(h), before));
    const [run] = h.sim.checkRuns(REPO, BRANCH);
    expect(run?.["conclusion"]).toBe("failure");
    expect(run?.["output"]).toMatchObject({
      title: "Post-mortem not found",
      summary: `❌ Hotwash found no post-mortem at \`${PATH}\` on this commit. Put the file back (or run \`/postmortem\` on #1 to write it again).`,
    });
  });

  it("leaves other pull requests alone", async () => {
    const h = await harness();
    h.sim.createBranch(REPO, "feature");
    h.sim.setFile(REPO, "a.txt", "a", "feature");
    const pull = h.sim.createPull(REPO, { head: "feature", title: "Feature", as: "bob" });
    const outcome = await h.deliver("pull_request", pullRequestOpened(pull));
    expect(outcome).toMatchObject({ kind: "ignored", reason: "not a post-mortem branch" });
    expect(h.sim.checkRuns(REPO, "feature")).toEqual([]);
  });
});
