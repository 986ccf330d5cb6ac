import { describe, expect, it } from "vitest";
import { createWorld } from "./harness.js";

describe("a config that names only some default severities", () => {
  it("pages the team set in three lines on sev1 and keeps sev2–sev4 and sev1's other defaults", async () => {
    const w = createWorld({ config: "severities:\n  sev1:\n    escalate: ['@acme/oncall']\n" });
    const issue = w.openIssue("Checkout down");
    expect((await w.comment(issue.number, "bob", "/incident sev1 Checkout down")).kind).toBe("done");
    expect(w.replies(issue.number).join("\n")).toContain("@acme/oncall");
    // sev1 is still "Critical" with its checklist; sev4 still exists.
    expect(w.board(issue.number)).toContain("Critical");
    expect(w.board(issue.number)).toContain("Customer support briefed");
    expect((await w.comment(issue.number, "bob", "/sev4")).kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["incident", "sev4", "status:investigating"]);
  });

  it("merges what an `_extends` base and the repository each change", async () => {
    const w = createWorld({
      config: "_extends: .github\nseverities:\n  sev2:\n    escalate: ['@acme/sre']\n",
    });
    w.sim.createRepo("acme/.github");
    w.sim.setFile(
      "acme/.github",
      ".github/hotwash.yml",
      "severities:\n  sev1:\n    escalate: ['@acme/oncall']\n",
    );
    const issue = w.openIssue("Checkout slow");
    await w.comment(issue.number, "bob", "/incident sev3 Checkout slow");
    await w.comment(issue.number, "bob", "/sev2");
    await w.comment(issue.number, "bob", "/sev1");
    const replies = w.replies(issue.number);
    expect(replies.find((r) => r.includes("@acme/sre"))).toBeDefined();
    expect(replies.find((r) => r.includes("@acme/oncall"))).toBeDefined();
  });
});
