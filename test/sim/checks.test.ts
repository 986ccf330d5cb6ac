/** The simulator's check runs, as GitHub's Checks API answers them (shapes validated against the OpenAPI). */
import { describe, expect, test } from "vitest";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

function world() {
  const sim = createSim({ now: () => new Date("2026-11-23T10:00:00Z") });
  sim.createRepo("acme/shop");
  const sha = sim.setFile("acme/shop", "doc.md", "# Doc\n", "main");
  interceptWithNock(sim);
  return { sim, sha, gh: testOctokit(), repo: { owner: "acme", repo: "shop" } };
}

const note = (line: number) => ({
  path: "doc.md",
  start_line: line,
  end_line: line,
  annotation_level: "failure" as const,
  message: `line ${line}`,
});

describe("check runs", () => {
  test("a completed run with annotations, more appended by updating it, listed for the commit", async () => {
    const { gh, sha, repo } = world();
    const created = await gh.rest.checks.create({
      ...repo,
      name: "Hotwash post-mortem",
      head_sha: sha,
      conclusion: "failure",
      output: { title: "2 things to fix", summary: "…", annotations: [note(1)] },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ status: "completed", conclusion: "failure", head_sha: sha });
    await gh.rest.checks.update({
      ...repo,
      check_run_id: created.data.id,
      output: { title: "2 things to fix", summary: "…", annotations: [note(2)] },
    });
    const { data: annotations } = await gh.rest.checks.listAnnotations({
      ...repo,
      check_run_id: created.data.id,
    });
    expect(annotations.map((a) => [a.start_line, a.annotation_level, a.message])).toEqual([
      [1, "failure", "line 1"],
      [2, "failure", "line 2"],
    ]);
    const { data: listed } = await gh.rest.checks.listForRef({ ...repo, ref: "main" });
    expect(listed.total_count).toBe(1);
    expect(listed.check_runs[0]?.output.annotations_count).toBe(2);
  });

  test("lists the newest run of each name, all of them with filter=all", async () => {
    const { gh, sha, repo } = world();
    for (const conclusion of ["failure", "success"] as const)
      await gh.rest.checks.create({ ...repo, name: "Hotwash post-mortem", head_sha: sha, conclusion });
    const latest = await gh.rest.checks.listForRef({ ...repo, ref: sha });
    expect(latest.data.check_runs.map((r) => r.conclusion)).toEqual(["success"]);
    const all = await gh.rest.checks.listForRef({ ...repo, ref: sha, filter: "all" });
    expect(all.data.check_runs.map((r) => r.conclusion)).toEqual(["success", "failure"]);
  });

  test("refuses a commit the repository does not have", async () => {
    const { gh, repo } = world();
    await expect(
      gh.rest.checks.create({ ...repo, name: "x", head_sha: "0".repeat(40), conclusion: "success" }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
