/**
 * Names people choose (labels, severity keys, roles, services) are looked up as own keys only:
 * `constructor` or `toString` is an ordinary name, never one of Object.prototype's members.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import * as hooks from "../support/webhooks.js";
import { createWorld, REPO, type World } from "./harness.js";

const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");

async function declared(config?: Record<string, unknown>): Promise<{ w: World; issue: number }> {
  const w = createWorld(config ? { config } : {});
  const issue = w.openIssue("Checkout errors").number;
  expect((await w.comment(issue, "bob", "/incident sev2")).kind).toBe("done");
  w.tick(1);
  return { w, issue };
}

async function label(w: World, issue: number, name: string, as = "bob") {
  w.sim.setPermission(REPO, as, "admin");
  w.sim.addLabels(REPO, issue, [name], as);
  return w.deliver(
    "issues",
    hooks.issuesLabeled({ issue: w.sim.issue(REPO, issue), label: name, sender: w.sim.user(as) }),
  );
}

describe("a label named like an Object member", () => {
  it.each(["constructor", "toString", "__proto__"])(
    "`%s` on an incident changes nothing and the board still renders",
    async (name) => {
      const { w, issue } = await declared();
      const board = w.board(issue);
      // An admin passes every permission check, so only the lookup itself can refuse.
      const out = await label(w, issue, name, "alice");
      expect(out.kind).toBe("ignored");
      expect(w.board(issue)).toBe(board);
      expect(readBoardData(w.board(issue))?.events.map((e) => e.type)).not.toContain("severity");
      expect((await w.comment(issue, "bob", "/sev1")).kind).toBe("done");
      expect(w.board(issue)).toMatch(/SEV1/);
    },
  );

  it("`constructor` on a new issue does not count as its severity", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors", { labels: ["incident", "constructor"] });
    expect((await w.deliver("issues", hooks.issuesOpened({ issue }))).kind).toBe("done");
    expect(w.labels(issue.number)).toContain("sev3");
    expect(w.board(issue.number)).toMatch(/SEV3/);
  });
  it("`constructor` on a labelled incident whose board is rebuilt is not taken for its severity", async () => {
    const w = createWorld();
    const opened = w.openIssue("Checkout errors", { labels: ["constructor", "incident"] });
    expect((await w.deliver("issues", hooks.issuesOpened({ issue: opened }))).kind).toBe("done");
    w.tick(1);
    const board = w.sim
      .comments(REPO, opened.number)
      .find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
    w.sim.deleteComment(REPO, board!.id);
    expect((await w.comment(opened.number, "bob", "/note still failing")).kind).toBe("done");
    expect(w.board(opened.number)).toMatch(/SEV3/);
    expect(w.board(opened.number)).toContain("still failing");
  });
});

describe("commands naming an Object member", () => {
  it("`/role toString @alice` is refused as an unknown role", async () => {
    const { w, issue } = await declared();
    const out = await w.comment(issue, "bob", "/role toString @alice");
    expect(out.kind).toBe("invalid");
    expect(w.replies(issue).at(-1)).toContain("is not a configured role");
  });

  it("`/diagnose constructor` is refused as an unknown service", async () => {
    const { w, issue } = await declared({ services: { api: {} } });
    const out = await w.comment(issue, "bob", "/diagnose constructor");
    expect(out.kind).toBe("invalid");
    expect(w.replies(issue).at(-1)).toContain("is not a configured service");
    expect(w.sim.dispatches).toEqual([]);
  });

  it("`/constructor` is not a command with the default severities", async () => {
    const { w, issue } = await declared();
    const out = await w.comment(issue, "bob", "/constructor");
    expect(out.kind).not.toBe("done");
    expect(w.board(issue)).toMatch(/SEV2/);
  });
});

describe("config keys named like Object members work as names", () => {
  it("a severity `constructor` declares, renders, labels and is raised from", async () => {
    const w = createWorld({
      config: {
        severities: {
          sev1: { name: "Critical", escalate: ["@acme/oncall"] },
          constructor: { name: "Building works", checklist: ["Hard hats on"] },
        },
      },
    });
    const issue = w.openIssue("Scaffolding").number;
    expect((await w.comment(issue, "bob", "/incident constructor")).kind).toBe("done");
    expect(w.labels(issue)).toContain("constructor");
    expect(w.board(issue)).toContain("Building works");
    expect(w.board(issue)).toContain("Hard hats on");

    expect((await w.comment(issue, "bob", "/sev1")).kind).toBe("done");
    expect(w.replies(issue).at(-1)).toContain("@acme/oncall");
    expect((await w.comment(issue, "bob", "/constructor")).kind).toBe("done");
    expect(w.labels(issue)).toContain("constructor");
    expect(w.labels(issue)).not.toContain("sev1");
  });

  it("a role `constructor` starts unassigned and can be given", async () => {
    const { w, issue } = await declared({ roles: ["constructor", "comms"] });
    expect(w.board(issue)).toMatch(/constructor: _unassigned_/);
    expect((await w.comment(issue, "bob", "/role constructor @alice")).kind).toBe("done");
    expect(w.board(issue)).toMatch(/constructor: @\u200balice/);
    expect(w.replies(issue).at(-1) ?? "").not.toContain("already has");
  });

  it("a service `toString` is diagnosed", async () => {
    const { w, issue } = await declared({ services: { toString: {}, api: {} } });
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    const out = await w.comment(issue, "bob", "/diagnose toString constructor=1");
    expect(out.kind).toBe("done");
    expect(w.sim.dispatches[0]?.inputs["service"]).toBe("toString");
    expect(JSON.parse(String(w.sim.dispatches[0]?.inputs["params"]))).toEqual({ constructor: "1" });
  });
});

describe("a `__proto__` key in the config", () => {
  it("is named in the reply, also when the file `_extends` another (it is never merged away)", async () => {
    const w = createWorld({ config: "_extends: .github\nservices:\n  __proto__:\n    diagnose: evil.yml\n" });
    w.sim.createRepo("acme/.github");
    w.sim.setFile("acme/.github", ".github/hotwash.yml", "services:\n  api: {}\n");
    const issue = w.openIssue("x").number;
    expect((await w.comment(issue, "bob", "/incident sev2")).kind).toBe("done");
    expect(w.replies(issue).at(-1)).toContain("`services.__proto__`: `__proto__` cannot be a key");
  });
});
