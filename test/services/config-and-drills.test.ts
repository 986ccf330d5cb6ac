import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createWorld } from "./harness.js";

describe("configuration inheritance", () => {
  it("reads the organisation's .github repository through _extends, the repository's own keys winning", async () => {
    const w = createWorld({ config: "_extends: .github\nroles: [comms, scribe, liaison]\n" });
    w.sim.createRepo("acme/.github");
    w.sim.setFile(
      "acme/.github",
      ".github/hotwash.yml",
      stringify({
        roles: ["comms"],
        severities: { p1: { name: "Page now", escalate: ["@acme/oncall"] }, p2: { name: "Soon" } },
      }),
    );
    const issue = w.openIssue("x");
    const out = await w.comment(issue.number, "bob", "/incident p1 Org-wide severities");
    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["incident", "p1", "status:investigating"]);
    expect(w.replies(issue.number).at(-1)).toContain("@acme/oncall");
    // roles came from the repository, not the organisation
    expect((await w.comment(issue.number, "bob", "/role liaison @carol")).kind).toBe("done");
  });
});

describe("drills", () => {
  it("/drill declares a practice incident that pages nobody and is labelled as a drill", async () => {
    const w = createWorld({
      config: {
        severities: { sev1: { name: "Critical", escalate: ["@acme/oncall"] }, sev2: { name: "High" } },
      },
    });
    const issue = w.openIssue("Game day: failover");
    const out = await w.comment(issue.number, "bob", "/drill sev1 Database failover game day");
    expect(out.kind).toBe("done");
    expect(w.labels(issue.number)).toEqual(["drill", "incident", "sev1", "status:investigating"]);
    expect(w.board(issue.number)).toMatch(/DRILL/i);
    expect(w.replies(issue.number).join("\n")).not.toContain("@acme/oncall");
  });
});
