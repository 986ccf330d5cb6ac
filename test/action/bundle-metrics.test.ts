/**
 * The committed Action bundle in metrics mode, run as a runner runs it (see bundle-step.ts): the
 * report in the job summary, and committed to the default branch with `commit: true`.
 */
import { describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "../services/harness.js";
import { actionRunner } from "./bundle-step.js";

const run = actionRunner();

/** Two resolved incidents (sev1: ack 10m, resolved 50m; sev2: ack 20m, resolved 2h) and a drill. */
async function history(): Promise<World> {
  const w = createWorld({ face: "action" });
  const a = w.openIssue("Checkout down").number;
  await w.comment(a, "alice", "/incident sev1 Checkout returns 503");
  w.tick(10);
  await w.comment(a, "alice", "/ic @bob");
  w.tick(40);
  await w.comment(a, "bob", "/resolve Rolled back");
  const b = w.openIssue("Search slow").number;
  await w.comment(b, "alice", "/incident sev2 Search is slow");
  w.tick(20);
  await w.comment(b, "alice", "/ic @bob");
  w.tick(100);
  await w.comment(b, "bob", "/resolve Reindexed");
  const drill = w.openIssue("Game day").number;
  await w.comment(drill, "alice", "/drill sev1 Failover");
  return w;
}

describe("action/dist/index.js in metrics mode", { timeout: 90_000 }, () => {
  it("writes the report to the job summary and commits it with commit: true", async () => {
    const w = await history();
    const out = await run.step(w, { INPUT_MODE: "metrics", INPUT_COMMIT: "true", "INPUT_METRICS-PATH": "" });

    expect(out.stderr).not.toMatch(/Error|\bat .+:\d+:\d+/);
    expect(out.code).toBe(0);
    expect(out.outputs).toEqual({ incident: "", decision: "done", reason: "2 incidents measured" });
    expect(out.summary).toContain("## Incident metrics: acme/shop");
    expect(out.summary).toContain("1 drill, not in the figures.");
    // sev1: MTTA 10m, MTTR 50m; sev2: MTTA 20m, MTTR 2h. All: medians 15m and 1h 25m.
    expect(out.summary).toMatch(/\| sev1 \| 1 \| 10m \| 10m \| 50m \| 50m \| 50m \| 50m \|/);
    expect(out.summary).toMatch(/\| sev2 \| 1 \| 20m \| 20m \| 2h \| 2h \| 2h \| 2h \|/);
    expect(out.summary).toMatch(/\| All \| 2 \| 15m \| 20m \| 1h 25m \| 2h \| 1h 25m \| 2h \|/);
    expect(w.sim.getFile(REPO, "docs/incidents/metrics.md")?.trimEnd()).toBe(out.summary.trimEnd());
    expect(out.stdout).toContain("committed docs/incidents/metrics.md to main");
  });

  it("only writes the job summary without commit", async () => {
    const w = await history();
    w.sim.clearRequests();
    const out = await run.step(w, { INPUT_MODE: "metrics" });

    expect(out.code).toBe(0);
    expect(out.summary).toContain("2 incidents measured");
    expect(w.sim.getFile(REPO, "docs/incidents/metrics.md")).toBeUndefined();
    expect(w.sim.requestCount({ method: "PUT" })).toBe(0);
  });
});
