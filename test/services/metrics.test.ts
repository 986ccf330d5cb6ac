import { afterEach, describe, expect, it, vi } from "vitest";
import { metricsCommand } from "../../src/cli/metrics.js";
import { BOARD_MARKER } from "../../src/core/incident/board.js";
import type { MetricsReport } from "../../src/core/metrics/report.js";
import { issuesClosed } from "../support/webhooks.js";
import { harness, postmortemPull, REPO, type Harness } from "../postmortem/harness.js";

const ENV = { GITHUB_TOKEN: "ghp_cli_token" };
const MIN = 60_000;

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStdout(): () => string {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  return () => chunks.join("");
}

/**
 * A small history on 2024-05-01: #1 sev1 (ack 5m, resolved 35m, post-mortem merged an hour later,
 * one action item due 2024-05-10 still open), a sev2 acknowledged after 40m (its 30m target
 * breached) and resolved after 60m, a drill, a false alarm closed as not planned, and an issue
 * labelled incident that Hotwash never saw (no board).
 */
async function history(): Promise<{ h: Harness; sev2: number; unseen: number }> {
  const h = await harness();
  await h.resolvedIncident();
  await h.comment(1, "/action Add connection-pool alerts @carol due:2024-05-10", "bob");
  await h.comment(1, "/postmortem", "bob");
  h.advance(60);
  await h.merge(Number(postmortemPull(h)["number"]), "alice");

  const sev2 = h.sim.createIssue(REPO, { title: "Search slow", as: "alice" }).number;
  await h.comment(sev2, "/incident sev2 Search is slow", "alice");
  h.advance(40);
  await h.comment(sev2, "/ic @bob", "alice");
  h.advance(20);
  await h.comment(sev2, "/resolve Reindexed", "bob");

  const drill = h.sim.createIssue(REPO, { title: "Game day", as: "alice" }).number;
  await h.comment(drill, "/drill sev2 Game day: failover", "alice");
  h.advance(10);
  await h.comment(drill, "/resolve Done", "alice");

  const falseAlarm = h.sim.createIssue(REPO, { title: "Alert", as: "alice" }).number;
  await h.comment(falseAlarm, "/incident sev3 Disk alert", "alice");
  const closed = h.sim.closeIssue(REPO, falseAlarm, "alice", "not_planned");
  await h.deliver("issues", issuesClosed({ issue: closed, sender: h.sim.user("alice") }));

  const unseen = h.sim.createIssue(REPO, {
    title: "Labelled by hand",
    labels: ["incident"],
    as: "alice",
  }).number;
  h.advance(19 * 24 * 60); // 2024-05-20: the action item is overdue
  return { h, sev2, unseen };
}

describe("hotwash metrics", () => {
  it("reports the figures of the repository's incidents in a handful of requests", async () => {
    const { h, unseen } = await history();
    h.sim.clearRequests();
    const output = captureStdout();
    expect(await metricsCommand(["--repo", REPO, "--format", "json"], ENV)).toBe(0);
    const report = JSON.parse(output()) as MetricsReport;

    expect(report.drills).toBe(1);
    expect(report.falseAlarms).toBe(1);
    expect(report.unreadable).toEqual([unseen]);
    expect(report.all.incidents).toBe(2);
    // MTTA 5m (sev1) and 40m (sev2): median 22.5m, p90 (nearest rank 2 of 2) 40m.
    expect(report.all.mtta).toEqual({ count: 2, median: 22.5 * MIN, p90: 40 * MIN });
    // MTTR 35m and 60m.
    expect(report.all.mttr).toEqual({ count: 2, median: 47.5 * MIN, p90: 60 * MIN });
    expect(report.all.acknowledgeBreached).toBe(1);
    expect(report.all.resolveBreached).toBe(0);
    // Both owe one (sev1, sev2); #1's was merged 1h25m after resolution, within 48h.
    expect(report.all.postmortems).toEqual({ required: 2, done: 1, onTime: 1 });
    expect(report.all.actionItems).toEqual({ open: 1, overdue: 1, done: 0 });
    expect(report.bySeverity.map((s) => [s.severity, s.figures.incidents])).toEqual([
      ["sev1", 1],
      ["sev2", 1],
    ]);
    expect(report.byMonth.map((m) => m.month)).toEqual(["2024-05"]);
    // The config (two reads: none in the repository, so the organization's `.github`), one page of issues (open and closed together), one GraphQL read of the boards.
    expect(h.sim.requests.length).toBe(4);
    expect(h.sim.requestCount({ method: "POST", route: "/graphql" })).toBe(1);
  });

  it("prints markdown, and keeps to --since/--until", async () => {
    const { h } = await history();
    h.sim.clearRequests();
    let output = captureStdout();
    expect(await metricsCommand(["--repo", REPO, "--since", "2024-05-02"], ENV)).toBe(0);
    expect(output()).toContain("0 incidents measured (declared since 2024-05-02");
    vi.restoreAllMocks();
    output = captureStdout();
    expect(
      await metricsCommand(["--repo", REPO, "--since", "2024-05-01", "--until", "2024-05-01"], ENV),
    ).toBe(0);
    const md = output();
    expect(md).toContain("2 incidents measured (declared 2024-05-01 to 2024-05-01");
    expect(md).toContain("1 drill, not in the figures.");
    expect(md).toContain("1 false alarm (closed as not planned), left out.");
    expect(md).toContain("```mermaid\nxychart-beta");
    expect(md).toContain('title "Median MTTR per month (hours)"');
    expect(h.sim.requestCount({ method: "PATCH" }) + h.sim.requestCount({ method: "PUT" })).toBe(0);
  });

  it("refuses an unknown format and a bad date, saying what it wants", async () => {
    await expect(metricsCommand(["--repo", REPO, "--format", "xml"], ENV)).rejects.toThrow(
      "--format must be markdown, json or csv",
    );
    await expect(metricsCommand(["--repo", REPO, "--since", "last week"], ENV)).rejects.toThrow(
      '--since must be a date like 2026-11-01 (got "last week")',
    );
  });

  it("reads 500 incidents in at most 15 requests", async () => {
    const h = await harness();
    await h.resolvedIncident();
    const board = h.sim.comments(REPO, 1).find((c) => String(c["body"]).startsWith(BOARD_MARKER));
    const port = h.deps().port;
    // 499 more incidents with Hotwash's board pinned, as a declaration leaves them.
    for (let i = 0; i < 499; i++) {
      const n = h.sim.createIssue(REPO, { title: `Incident ${i}`, labels: ["incident"], as: "alice" }).number;
      const posted = await port.createComment(n, String(board?.["body"]));
      await port.pinComment(posted.id);
    }
    h.sim.clearRequests();
    const output = captureStdout();
    expect(await metricsCommand(["--repo", REPO, "--format", "json"], ENV)).toBe(0);
    const report = JSON.parse(output()) as MetricsReport;
    expect(report.all.incidents).toBe(500);
    expect(report.unreadable).toEqual([]);
    // 2 for the config + 5 pages of 100 issues + 5 GraphQL reads of 100 boards.
    expect(h.sim.requestCount({ route: "/repos/{owner}/{repo}/issues" })).toBe(5);
    expect(h.sim.requestCount({ route: "/graphql" })).toBe(5);
    expect(h.sim.requests.length).toBe(12);
  }, 60_000);

  it("commits one file, replaces it with its sha, and makes no commit when the text is the same", async () => {
    const h = await harness();
    const port = h.deps().port;
    const write = (content: string) =>
      port.commitFile({
        path: "docs/incidents/metrics.md",
        content,
        message: "Update incident metrics",
        branch: "main",
      });
    expect(await write("# One\n")).toMatch(/^[0-9a-f]{40}$/);
    expect(await write("# Two\n")).toMatch(/^[0-9a-f]{40}$/);
    expect(h.sim.getFile(REPO, "docs/incidents/metrics.md")).toBe("# Two\n");
    h.sim.clearRequests();
    expect(await write("# Two\n")).toBeNull();
    expect(h.sim.requestCount({ method: "PUT" })).toBe(0);
  });
});
