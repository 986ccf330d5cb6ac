import { describe, expect, it } from "vitest";
import { createWorld, REPO } from "./harness.js";

const lines = (n: number, line: string) => Array.from({ length: n }, () => line).join("\n");

describe("a comment with more than 10 command lines", () => {
  it("runs nothing and gets one reply saying so", async () => {
    const w = createWorld({ config: { services: { api: {} } } });
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", "on: workflow_dispatch\n");
    const issue = w.openIssue("Checkout errors").number;
    expect((await w.comment(issue, "bob", "/incident sev2")).kind).toBe("done");
    const board = w.board(issue);

    const out = await w.comment(issue, "bob", lines(500, "/diagnose api"));

    expect(out.kind).toBe("invalid");
    expect(w.sim.dispatches).toEqual([]);
    expect(w.board(issue)).toBe(board);
    expect(w.reactions(out.commentId)).toEqual(["confused"]);
    const replies = w.replies(issue);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/500 command lines.*at most 10.*none of them ran/s);
  });

  it("runs 10", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    const out = await w.comment(issue, "bob", `/incident sev2\n${lines(9, "/note checking")}`);
    expect(out.kind).toBe("done");
  });

  it("is refused like any other command from someone who may not run it", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors").number;
    const out = await w.comment(issue, "dave", lines(11, "/sev1"));
    expect(out.kind).toBe("refused");
    expect(w.reactions(out.commentId)).toEqual(["-1"]);
    expect(w.replies(issue)).toHaveLength(1);
    expect(w.replies(issue)[0]).toContain("needs **write** access");
  });
});
