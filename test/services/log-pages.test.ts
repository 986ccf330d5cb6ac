import { readFileSync } from "node:fs";
import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { postmortemCommand } from "../../src/cli/postmortem.js";
import { readBoardData } from "../../src/core/incident/board.js";
import { postReport } from "../../src/services/report.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import { createWorld, REPO, type World } from "./harness.js";
import * as hooks from "../support/webhooks.js";

const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");
const CONFIG = { services: { api: { environment: "production" } }, maxTextLength: 2000 };
const GITHUB_LIMIT = 65_536;
const NOTES = 80;
const LOG_MARKER = "<!-- hotwash:log -->";

/** A responder's long note (~900 characters), with text that must stay inert wherever it is stored. */
function longNote(i: number): string {
  const words =
    "p99 on checkout still 2.3s in eu-west; pool at 500/500; waiting on @alice for the db failover <!-- not a comment --> ";
  return `entry-${String(i).padStart(3, "0")}: ${words.repeat(8)}`.slice(0, 900);
}

function logPages(w: World, issue: number) {
  return w.sim
    .comments(REPO, issue)
    .filter((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith(LOG_MARKER));
}

async function minimized(w: World, commentId: number): Promise<unknown> {
  const response = await w.sim.handle({
    method: "POST",
    url: "/graphql",
    headers: { authorization: "token ghs_test" },
    body: {
      query: "query($id: ID!) { node(id: $id) { ... on IssueComment { isMinimized minimizedReason } } }",
      variables: { id: w.sim.comment(REPO, commentId).node_id },
    },
  });
  return (response.body as { data?: { node?: unknown } }).data?.node;
}

/** Requests Hotwash makes for one `/note`, and whether that note sealed a new log page. */
async function noteCost(w: World, issue: number, text: string) {
  const pagesBefore = logPages(w, issue).length;
  const before = w.sim.requests.length;
  const out = await w.comment(issue, "carol", `/note ${text}`);
  expect(out.kind).toBe("done");
  return { requests: w.sim.requests.length - before, sealed: logPages(w, issue).length > pagesBefore };
}

async function postmortemText(): Promise<string> {
  const chunks: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = await postmortemCommand(["--repo", REPO, "--issue", "1"], { GITHUB_TOKEN: "ghp_cli" });
  stdout.mockRestore();
  expect(code).toBe(0);
  return chunks.join("");
}

/** Every kind of entry Hotwash makes itself, then a long run of long notes. */
async function busyIncident(): Promise<{ w: World; issue: number; firstNote: WebhookPayload }> {
  const w = createWorld({ config: CONFIG });
  w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
  w.sim.createDeployment(REPO, {
    ref: "v2.0.0",
    sha: w.sim.setFile(REPO, "app.txt", "2"),
    environment: "production",
    creator: "alice",
    statuses: [{ state: "success" }],
  });
  w.tick(10);
  const issue = w.openIssue("Payments down").number;
  expect((await w.comment(issue, "bob", "/incident sev1 Payments down")).kind).toBe("done");
  w.tick(20); // past sev1's 15-minute acknowledgement target, before its 30-minute update cadence
  await w.deliver("schedule", { repository: w.sim.repository(REPO) });
  expect(w.replies(issue).at(-1)).toContain("Nobody has acknowledged");
  expect((await w.comment(issue, "bob", "/action Add a circuit breaker @carol")).kind).toBe("done");
  expect((await w.comment(issue, "bob", "/diagnose api")).kind).toBe("done");
  const runId = w.sim.dispatches.at(-1)?.runId ?? 0;
  await w.deliver("workflow_run", hooks.workflowRunEvent("requested", w.sim.startRun(REPO, runId)));
  await w.deliver("workflow_run", hooks.workflowRunEvent("completed", w.sim.completeRun(REPO, runId)));
  await postReport(w.deps(), {
    issueNumber: issue,
    status: "success",
    summary: "Diagnostics for api",
    body: "pods: 3/3 ready",
    runUrl: `https://github.com/acme/shop/actions/runs/${runId}`,
    actor: "github-actions[bot]",
  });

  let firstNote: WebhookPayload | undefined;
  for (let i = 0; i < NOTES; i++) {
    const login = i % 2 ? "carol" : "bob";
    const comment = w.sim.createComment(REPO, issue, `/note ${longNote(i)}`, login);
    const payload = hooks.issueCommentCreated({
      issue: w.sim.issue(REPO, issue),
      comment,
      sender: w.sim.user(login),
    }) as unknown as WebhookPayload;
    firstNote ??= payload;
    expect((await routeEvent(w.deps(), "issue_comment", payload)).kind).toBe("done");
  }
  return { w, issue, firstNote: firstNote as WebhookPayload };
}

/** Every entry of the busy incident, as the post-mortem's timeline words it. */
function expectEveryEntry(postmortem: string, notes: number): void {
  for (let i = 0; i < notes; i++) expect(postmortem).toContain(`entry-${String(i).padStart(3, "0")}:`);
  expect(postmortem).toContain("Declared sev1");
  expect(postmortem).toContain("Deployed `api` `v2.0.0`"); // suspects
  expect(postmortem).toContain("Reminder: 🚨 Nobody has acknowledged");
  expect(postmortem).toContain("Action item: Add a circuit breaker");
  expect(postmortem).toContain("Dispatched diagnose for `api`");
  expect(postmortem).toContain("Diagnose run for `api` started");
  expect(postmortem).toContain("Diagnose run for `api` ✅ succeeded");
  expect(postmortem).toContain("Report (success): Diagnostics for api");
}

describe("an incident whose log outgrows the board", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("seals old entries into hidden log pages; a command costs what it costs on a young incident", async () => {
    const young = createWorld({ config: CONFIG });
    const small = young.openIssue("Payments down").number;
    await young.comment(small, "bob", "/incident sev1 Payments down");
    for (let i = 0; i < 18; i++) await young.comment(small, "carol", `/note short note ${i}`);
    const base = (await noteCost(young, small, "one more")).requests;
    nock.cleanAll(); // the first world's interceptor would answer the next world's requests

    const { w, issue } = await busyIncident();
    const pages = logPages(w, issue);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      expect(page.body?.length).toBeLessThan(GITHUB_LIMIT);
      expect(await minimized(w, page.id)).toEqual({ isMinimized: true, minimizedReason: "outdated" });
      // People's text stays inert in the page: no mention, no comment that closes early.
      const hidden = page.body?.slice(page.body.indexOf("<!-- hotwash:data ")) ?? "";
      expect(hidden.indexOf("-->")).toBe(hidden.length - 3);
      expect(page.body).not.toContain("@alice");
    }
    const board = w.board(issue);
    expect(board.length).toBeLessThan(GITHUB_LIMIT);
    expect(readBoardData(board)).not.toBeNull();
    expect(board).toContain(`entry-${String(NOTES - 1).padStart(3, "0")}`);
    expect(board).toMatch(/earlier entries are in \d+ hidden log comments/);

    // The same requests as at 20 entries; the command that seals a page makes two more.
    const costs = [];
    for (let i = 0; i < 20; i++) costs.push(await noteCost(w, issue, longNote(NOTES + i)));
    for (const cost of costs) expect(cost.requests).toBe(base + (cost.sealed ? 2 : 0));
    const total = costs.reduce((sum, c) => sum + c.requests, 0);
    expect(total).toBeLessThanOrEqual(costs.length * (base + 1));
  }, 60_000);

  it("keeps every entry for the post-mortem, reminds once, and runs a redelivered command once", async () => {
    const { w, issue, firstNote } = await busyIncident();
    expectEveryEntry(await postmortemText(), NOTES);

    const before = w.replies(issue).length;
    await w.deliver("schedule", { repository: w.sim.repository(REPO) });
    expect(w.replies(issue)).toHaveLength(before);

    expect((await routeEvent(w.deps(), "issue_comment", firstNote)).kind).toBe("duplicate");
  }, 60_000);

  it("rebuilds everything when the board is lost: sealed pages plus the commands after them", async () => {
    const { w, issue } = await busyIncident();
    const board = w.sim
      .comments(REPO, issue)
      .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith("<!-- hotwash:board -->"));
    w.sim.deleteComment(REPO, board?.id ?? 0);
    expect((await w.comment(issue, "carol", `/note ${longNote(NOTES)}`)).kind).toBe("done");

    expect(readBoardData(w.board(issue))).not.toBeNull();
    expectEveryEntry(await postmortemText(), NOTES + 1);
    expect(w.labels(issue)).toEqual(["incident", "sev1", "status:investigating"]);
    const before = w.replies(issue).length;
    await w.deliver("schedule", { repository: w.sim.repository(REPO) });
    expect(w.replies(issue)).toHaveLength(before);
  }, 60_000);

  it("keeps a page that GitHub would not hide: it is still the log", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = w.openIssue("Payments down").number;
    await w.comment(issue, "bob", "/incident sev1 Payments down");
    w.sim.failNext({
      method: "POST",
      route: "/graphql",
      status: 403,
      times: 100,
      body: { message: "Resource not accessible by integration" },
    });
    for (let i = 0; i < 40; i++)
      expect((await w.comment(issue, "carol", `/note ${longNote(i)}`)).kind).toBe("done");
    const pages = logPages(w, issue);
    expect(pages.length).toBeGreaterThan(0);
    w.sim.clearFaults();
    expect(await minimized(w, pages[0]?.id ?? 0)).toEqual({ isMinimized: false, minimizedReason: null });
    expect(readBoardData(w.board(issue))?.sealed.pages.map((p) => p.id)).toEqual(pages.map((p) => p.id));
    const postmortem = await postmortemText();
    for (let i = 0; i < 40; i++) expect(postmortem).toContain(`entry-${String(i).padStart(3, "0")}:`);
  }, 60_000);
});
