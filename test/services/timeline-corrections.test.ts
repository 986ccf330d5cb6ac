import { afterEach, describe, expect, it, vi } from "vitest";
import { postmortemCommand } from "../../src/cli/postmortem.js";
import { readBoardData } from "../../src/core/incident/board.js";
import { postReport } from "../../src/services/report.js";
import { createWorld, REPO, type World } from "./harness.js";

/** The ref in the `#` column of the board's timeline row that holds this text. */
function refOf(board: string, text: string): string {
  const row = board.split("\n").find((line) => line.startsWith("| `t") && line.includes(text));
  const ref = row ? /^\| `(t\d+)`/.exec(row)?.[1] : undefined;
  if (!ref) throw new Error(`no row with a ref for ${text} in:\n${board}`);
  return ref;
}

/** The board's full-timeline table, with mentions as people read them (defanged with a zero-width space). */
function fullTimeline(board: string): string {
  const from = board.indexOf("<summary>Full timeline");
  return board.slice(from, board.indexOf("</details>", from)).replaceAll("\u200b", "");
}

async function declared(): Promise<{ w: World; issue: number }> {
  const w = createWorld();
  const issue = w.openIssue("Checkout down").number;
  expect((await w.comment(issue, "bob", "/incident sev2 Checkout down")).kind).toBe("done");
  return { w, issue };
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

describe("timeline corrections", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows each log entry's ref on the board", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/note Paged the db on-call");
    const board = w.board(issue);
    expect(board).toContain("| # | Time (UTC) | Who | What |");
    expect(refOf(board, "Declared sev2")).toBe("t1");
    expect(refOf(board, "Paged the db on-call")).toMatch(/^t\d+$/);
  });

  it("corrects a note's text: the board shows the corrected entry and who corrected it", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/note Paged the db on-call");
    const ref = refOf(w.board(issue), "Paged the db on-call");
    w.tick(5);
    const out = await w.comment(issue, "carol", `/timeline fix ${ref} Paged the database on-call`);
    expect(out.kind).toBe("done");

    const board = fullTimeline(w.board(issue));
    expect(board).not.toContain("Paged the db on-call");
    expect(board).toContain("Paged the database on-call (corrected by @carol, 2026-11-23 10:05)");
    // The correction is on the record with its own ref, and the note keeps its ref.
    expect(refOf(board, `Corrected ${ref} (text)`)).toMatch(/^t\d+$/);
    expect(refOf(board, "Paged the database on-call")).toBe(ref);
  });

  it("corrects an entry's time, and its text with it", async () => {
    const { w, issue } = await declared();
    w.tick(20);
    await w.comment(issue, "carol", "/note First alert fired");
    const ref = refOf(w.board(issue), "First alert fired");
    expect((await w.comment(issue, "carol", `/timeline fix ${ref} 09:55Z First page fired`)).kind).toBe(
      "done",
    );
    const board = fullTimeline(w.board(issue));
    expect(board).toContain(
      "| `" + ref + "` | 2026-11-23 09:55 | @carol | First page fired (corrected by @carol",
    );
    expect(board).toContain(`Corrected ${ref} (text, time → 2026-11-23 09:55)`);
  });

  it("drops a note: it leaves the timeline and the retraction says what it was", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/note Wrong incident, ignore");
    const ref = refOf(w.board(issue), "Wrong incident, ignore");
    expect((await w.comment(issue, "carol", `/timeline drop ${ref}`)).kind).toBe("done");
    const board = fullTimeline(w.board(issue));
    expect(board).toContain(`Dropped ${ref}: Wrong incident, ignore`);
    expect(board.split("\n").filter((line) => line.includes("Wrong incident"))).toHaveLength(1);

    await w.comment(issue, "carol", `/timeline drop ${ref}`);
    expect(w.replies(issue).at(-1)).toContain(`\`${ref}\` was already dropped.`);
  });

  it("refuses to change Hotwash's state entries, with a reply saying what to do", async () => {
    const { w, issue } = await declared();
    const before = w.board(issue);
    const out = await w.comment(issue, "carol", "/timeline drop t1");
    expect(out.kind).toBe("failed");
    expect(w.replies(issue).at(-1)).toContain("`t1` (declared) is part of the incident's state");
    expect(w.replies(issue).at(-1)).toContain("`/status`");
    await w.comment(issue, "carol", "/timeline fix t1 Declared something else");
    expect(w.replies(issue).at(-1)).toContain("`t1` (declared) is part of the incident's state");
    expect(fullTimeline(w.board(issue))).toBe(fullTimeline(before));
  });

  it("lets a report's summary be reworded but not dropped", async () => {
    const { w, issue } = await declared();
    await postReport(w.deps(), {
      issueNumber: issue,
      status: "success",
      summary: "Diagnostics for api",
      body: "pods: 3/3 ready",
      runUrl: null,
      actor: "github-actions[bot]",
    });
    const ref = refOf(w.board(issue), "Report (success)");
    await w.comment(issue, "carol", `/timeline drop ${ref}`);
    expect(w.replies(issue).at(-1)).toContain("Hotwash's record of a workflow run, so it can't be dropped");
    expect((await w.comment(issue, "carol", `/timeline fix ${ref} api healthy, pods ready`)).kind).toBe(
      "done",
    );
    expect(fullTimeline(w.board(issue))).toContain(
      "Report (success): api healthy, pods ready (corrected by @carol",
    );
  });

  it("answers an unknown or malformed ref with how to find one", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/timeline fix t999 Typo");
    expect(w.replies(issue).at(-1)).toMatch(
      /`t999` is not on this incident's timeline: its entries are `t1`…`t\d+`/,
    );
    await w.comment(issue, "carol", "/timeline fix 12 Typo");
    expect(w.replies(issue).at(-1)).toContain("`12` is not an entry ref");
    expect(w.replies(issue).at(-1)).toContain("Usage: `/timeline fix <ref>");
    await w.comment(issue, "carol", "/timeline fix t2");
    expect(w.replies(issue).at(-1)).toContain("`/timeline fix` needs the corrected text or time.");
  });

  it("never applies a correction to the wrong entry when a lost board is rebuilt from the comments", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/note Paged the db on-call");
    await w.comment(issue, "carol", "/note Pool at 500/500");
    const ref = refOf(w.board(issue), "Paged the db on-call");
    await w.comment(issue, "carol", `/timeline fix ${ref} Paged the database on-call`);
    expect(fullTimeline(w.board(issue))).toContain("Paged the database on-call (corrected by @carol");
    const board = w.sim
      .comments(REPO, issue)
      .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith("<!-- hotwash:board -->"));
    w.sim.deleteComment(REPO, board?.id ?? 0);
    expect((await w.comment(issue, "carol", "/note Pool resized")).kind).toBe("done");
    // The rebuilt log lacks Hotwash's own entries after the sealed pages (here the suspect check),
    // so the ref the correction named may now be another entry's: it is not replayed.
    const rebuilt = fullTimeline(w.board(issue));
    expect(rebuilt).toContain("| Paged the db on-call |");
    expect(rebuilt).toContain("| Pool at 500/500 |");
    expect(rebuilt).not.toContain("Corrected");
    expect(rebuilt).toContain("Pool resized");
  });

  it("works the same when Hotwash runs as the Action (github-actions[bot], no signing key)", async () => {
    const w = createWorld({ face: "action" });
    const issue = w.openIssue("Checkout down").number;
    await w.comment(issue, "bob", "/incident sev2 Checkout down");
    await w.comment(issue, "carol", "/note Paged the db on-call");
    const ref = refOf(w.board(issue), "Paged the db on-call");
    expect((await w.comment(issue, "carol", `/timeline drop ${ref}`)).kind).toBe("done");
    expect(fullTimeline(w.board(issue))).toContain(`Dropped ${ref}: Paged the db on-call`);
  });

  it("refuses a read-only user before changing anything", async () => {
    const { w, issue } = await declared();
    await w.comment(issue, "carol", "/note Paged the db on-call");
    const ref = refOf(w.board(issue), "Paged the db on-call");
    const before = w.board(issue);
    const out = await w.comment(issue, "dave", `/timeline drop ${ref}`);
    expect(out.kind).not.toBe("done");
    expect(w.replies(issue).at(-1)).toMatch(/triage/);
    expect(w.board(issue)).toBe(before);
  });

  it("corrects an entry sealed into a hidden log page: the post-mortem shows the corrected entry", async () => {
    const w = createWorld({ config: { maxTextLength: 2000 } });
    const issue = w.openIssue("Payments down").number;
    await w.comment(issue, "bob", "/incident sev1 Payments down");
    await w.comment(issue, "carol", "/note entry-first: the first thing we saw");
    const ref = refOf(w.board(issue), "entry-first");
    for (let i = 0; i < 50; i++) {
      await w.comment(
        issue,
        i % 2 ? "carol" : "bob",
        `/note entry-${i}: ${"p99 still 2.3s in eu-west ".repeat(35)}`,
      );
    }
    const sealed = readBoardData(w.board(issue))?.sealed.count ?? 0;
    expect(Number(ref.slice(1))).toBeLessThanOrEqual(sealed);

    expect((await w.comment(issue, "carol", `/timeline fix ${ref} entry-first: checkout 500s`)).kind).toBe(
      "done",
    );
    expect(w.board(issue)).toContain(`Corrected ${ref} (text)`);
    const postmortem = await postmortemText();
    expect(postmortem.replaceAll("\u200b", "")).toContain("entry-first: checkout 500s (corrected by @carol");
    expect(postmortem).not.toContain("the first thing we saw");
  }, 60_000);
});
