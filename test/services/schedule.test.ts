/** The Action's scheduled sweep of one repository (the `schedule` event), through the simulator. */
import { describe, expect, it } from "vitest";
import { createWorld, REPO } from "./harness.js";

const sweep = (w: ReturnType<typeof createWorld>) =>
  w.deliver("schedule", { repository: w.sim.repository(REPO) });

describe("a scheduled sweep of one repository", () => {
  it("reads 50 open incidents with nothing due from the issue lists alone", async () => {
    const w = createWorld();
    for (let i = 0; i < 50; i++) {
      const issue = w.openIssue(`Incident ${i}`);
      await w.comment(issue.number, "bob", "/incident sev2 Checkout errors");
    }
    const before = w.sim.requests.length;
    const outcome = await sweep(w);
    expect(outcome).toMatchObject({ kind: "done", incidents: 50, reminders: [] });
    // The open and the recently closed lists (each issue with its pinned board) and the config.
    expect(w.sim.requests.length - before).toBeLessThanOrEqual(5);
  });

  it("does not let one failing incident stop the others", async () => {
    const w = createWorld();
    const issues: number[] = [];
    for (let i = 0; i < 3; i++) {
      const issue = w.openIssue(`Incident ${i}`);
      await w.comment(issue.number, "bob", "/incident sev2 Checkout errors");
      issues.push(issue.number);
    }
    w.tick(61);
    w.sim.failNext({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      status: 500,
    });

    const outcome = await sweep(w);
    expect(outcome).toMatchObject({ kind: "done", incidents: 3 });
    const reminded = issues.filter((n) => w.replies(n).some((r) => r.includes("a status update was due")));
    expect(reminded).toHaveLength(2);
  });
});
