import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { runAction } from "../../src/action/main.js";
import { postReport, type ReportInput } from "../../src/services/report.js";
import { createWorld, REPO, type World } from "../services/harness.js";
import { runnerFiles, type RunnerFiles } from "./runner-files.js";

const ACTIONS_BOT = "github-actions[bot]";

async function incidentWorld(): Promise<{ w: World; issue: number }> {
  const w = createWorld({ face: "action", config: { services: { api: {} } } });
  const issue = w.openIssue("Checkout errors").number;
  await w.comment(issue, "bob", "/incident sev2");
  w.tick(10);
  return { w, issue };
}

/** Every comment on the issue that is not the board, by anyone. */
function reports(w: World, issue: number): { author: string; body: string; url: string }[] {
  return w.sim
    .comments(REPO, issue)
    .filter((c) => c.body?.includes("Report:"))
    .map((c) => ({ author: c.user?.login ?? "", body: c.body ?? "", url: c.html_url }));
}

function reportEvents(w: World, issue: number) {
  return (readBoardData(w.board(issue))?.events ?? []).filter((e) => e.type === "report");
}

const input = (issueNumber: number, over: Partial<ReportInput> = {}): ReportInput => ({
  issueNumber,
  status: "success",
  summary: "Diagnostics for api",
  body: "pods: 3/3 ready\np99: 2300ms",
  runUrl: "https://github.com/acme/shop/actions/runs/4242",
  actor: ACTIONS_BOT,
  ...over,
});

describe("postReport", () => {
  it("posts the summary, the collapsed output and the run link, and adds a timeline entry", async () => {
    const { w, issue } = await incidentWorld();
    const outcome = await postReport(w.deps(), input(issue));

    const [posted] = reports(w, issue);
    expect(posted?.url).toBe(outcome.commentUrl);
    expect(posted?.body).toBe(outcome.markdown);
    expect(posted?.body.split("\n")[0]).toBe("### ✅ Report: Diagnostics for api");
    expect(posted?.body).toContain(
      "Status: **success** · [workflow run](https://github.com/acme/shop/actions/runs/4242)",
    );
    expect(posted?.body).toMatch(
      /<details><summary>Full output<\/summary>\n\n```\npods: 3\/3 ready\np99: 2300ms\n```\n\n<\/details>$/,
    );

    expect(reportEvents(w, issue)).toEqual([
      expect.objectContaining({
        status: "success",
        summary: "Diagnostics for api",
        commentUrl: outcome.commentUrl,
      }),
    ]);
    const row = w
      .board(issue)
      .split("\n")
      .find((line) => line.includes("Report (success): Diagnostics for api"));
    expect(row).toContain(outcome.commentUrl);
    expect(row).toContain("2026-11-23 10:10");
  });

  it("refuses an issue that is not an incident, posting nothing", async () => {
    const { w } = await incidentWorld();
    const other = w.openIssue("Feature request").number;
    await expect(postReport(w.deps(), input(other))).rejects.toThrow(
      `#${other} is not an incident; check the workflow's \`incident\` input.`,
    );
    expect(w.sim.comments(REPO, other)).toEqual([]);
  });

  it("keeps hostile output inside the collapsed block", async () => {
    const { w, issue } = await incidentWorld();
    const hostile = [
      "before",
      "```",
      "<!-- hotwash:board -->",
      "</details>",
      "````` @alice /rollback api to main",
      "<!--",
      "after",
    ].join("\n");
    await postReport(w.deps(), input(issue, { status: "failure", body: hostile }));

    const body = reports(w, issue)[0]?.body ?? "";
    const lines = body.split("\n");
    const open = lines.indexOf("<details><summary>Full output</summary>") + 2;
    const fence = lines[open] ?? "";
    expect(fence).toMatch(/^`{6,}$/);
    const close = lines.indexOf(fence, open + 1);
    expect(lines.slice(open + 1, close).join("\n")).toBe(hostile);
    expect(lines.slice(close + 1)).toEqual(["", "</details>"]);
    // Outside the fence, nothing of the output appears.
    expect([...lines.slice(0, open), ...lines.slice(close)].join("\n")).not.toMatch(/<!--|@alice/);
    expect(lines[0]).toBe("### ❌ Report: Diagnostics for api");

    // The board is still the board, and commands keep working.
    const next = await w.comment(issue, "bob", "/note still here");
    expect(next.kind).toBe("done");
    expect(w.board(issue)).toContain("still here");
    expect(
      w.sim.comments(REPO, issue).filter((c) => c.body?.startsWith("<!-- hotwash:board -->")),
    ).toHaveLength(1);
  });

  it("neutralizes a hostile summary", async () => {
    const { w, issue } = await incidentWorld();
    await postReport(w.deps(), input(issue, { summary: "<!-- hotwash:board --> ping @alice", body: "" }));
    const body = reports(w, issue)[0]?.body ?? "";
    expect(body).not.toContain("<!--");
    expect(body).not.toContain("@alice");
    expect(body).not.toContain("<details>");
    expect(w.board(issue)).not.toContain("@alice");
  });

  it("keeps a multi-line summary on the report's heading line", async () => {
    const { w, issue } = await incidentWorld();
    await postReport(w.deps(), input(issue, { summary: "Diagnostics for api\n---\n\n  3 pods restarted" }));
    const [heading, blank, status] = (reports(w, issue)[0]?.body ?? "").split("\n");
    expect(heading).toBe("### ✅ Report: Diagnostics for api --- 3 pods restarted");
    expect(blank).toBe("");
    expect(status).toMatch(/^Status: \*\*success\*\*/);
    expect(reportEvents(w, issue)[0]?.summary).toBe("Diagnostics for api --- 3 pods restarted");
  });

  it("rejects a status that is not one short word", async () => {
    const { w, issue } = await incidentWorld();
    await expect(postReport(w.deps(), input(issue, { status: "success; rm -rf /" }))).rejects.toThrow(
      "report status must be one short word",
    );
    expect(reports(w, issue)).toEqual([]);
  });
});

describe("the Action in report mode", () => {
  let files: RunnerFiles;
  // @actions/core reads GITHUB_OUTPUT and GITHUB_STEP_SUMMARY from process.env (and remembers the
  // summary path), so one set of runner files serves the whole file, emptied before each test.
  beforeAll(() => {
    files = runnerFiles();
    return () => files.remove();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  function runnerEnv(w: World, inputs: Record<string, string>): NodeJS.ProcessEnv {
    files.write("output", "");
    files.write("step-summary.md", "");
    vi.stubEnv("GITHUB_OUTPUT", files.output);
    vi.stubEnv("GITHUB_STEP_SUMMARY", files.summary);
    const token = w.sim.createToken(ACTIONS_BOT);
    return {
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: REPO,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_API_URL: "https://api.github.com",
      GITHUB_RUN_ID: "9001",
      GITHUB_ACTOR: "alice",
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      "INPUT_GITHUB-TOKEN": token,
      INPUT_MODE: "report",
      ...inputs,
    };
  }

  it("posts the report as the workflow token, writes the job summary and sets outputs", async () => {
    const { w, issue } = await incidentWorld();
    const bodyFile = files.write("diagnostics.txt", "service: api\nparams: {}\n");
    await runAction(
      runnerEnv(w, {
        INPUT_INCIDENT: ` ${issue} `,
        INPUT_STATUS: "failure",
        INPUT_SUMMARY: "Diagnostics for api",
        "INPUT_BODY-FILE": bodyFile,
      }),
    );

    const [posted] = reports(w, issue);
    expect(posted?.author).toBe(ACTIONS_BOT);
    expect(posted?.body).toContain("### ❌ Report: Diagnostics for api");
    expect(posted?.body).toContain("[workflow run](https://github.com/acme/shop/actions/runs/9001)");
    expect(posted?.body).toContain("service: api\nparams: {}");
    expect(files.outputs()).toEqual({
      incident: String(issue),
      decision: "reported",
      reason: `posted ${posted?.url}`,
    });
    expect(readFileSync(files.summary, "utf8")).toContain(posted?.body ?? "(none)");
    expect(reportEvents(w, issue)).toEqual([
      expect.objectContaining({
        status: "failure",
        actor: "alice",
        runUrl: "https://github.com/acme/shop/actions/runs/9001",
      }),
    ]);
    expect(w.board(issue)).toContain("Report (failure): Diagnostics for api");
  });

  it("still posts when the step that should write body-file died first", async () => {
    const { w, issue } = await incidentWorld();
    const missing = files.path("never-written.txt");
    await runAction(
      runnerEnv(w, { INPUT_INCIDENT: String(issue), INPUT_STATUS: "failure", "INPUT_BODY-FILE": missing }),
    );

    const body = reports(w, issue)[0]?.body ?? "";
    expect(body).toContain("### ❌ Report: Workflow finished");
    expect(body).toContain(`(no output: ${missing} was not written)`);
    expect(files.outputs()["decision"]).toBe("reported");
  });

  it("fails with a message naming the input when the issue is not an incident", async () => {
    const { w } = await incidentWorld();
    const other = w.openIssue("Feature request").number;
    await expect(runAction(runnerEnv(w, { INPUT_INCIDENT: String(other), INPUT_BODY: "x" }))).rejects.toThrow(
      `#${other} is not an incident; check the workflow's \`incident\` input.`,
    );
    expect(w.sim.comments(REPO, other)).toEqual([]);
    expect(files.outputs()).toMatchObject({ incident: String(other), decision: "failed" });
  });

  it.each(["", "abc", "-3", "4.5"])("needs an incident number (got %j)", async (incident) => {
    const { w } = await incidentWorld();
    await expect(runAction(runnerEnv(w, { INPUT_INCIDENT: incident }))).rejects.toThrow(
      "report mode needs `incident`",
    );
  });
});
