import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import matter from "gray-matter";
import { afterEach, describe, expect, it, vi } from "vitest";
import { postmortemCommand } from "../../src/cli/postmortem.js";
import { harness, REPO } from "./harness.js";

const ENV = { GITHUB_TOKEN: "ghp_cli_token" };

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStdout(): () => string {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join("");
}

describe("hotwash postmortem", () => {
  it("prints the post-mortem of an existing incident without opening a pull request", async () => {
    const h = await harness();
    await h.resolvedIncident();
    h.sim.clearRequests();
    const output = captureStdout();
    const code = await postmortemCommand(["--repo", REPO, "--issue", "1"], ENV);
    expect(code).toBe(0);
    const { data, content } = matter(output());
    expect(data).toMatchObject({ incident: 1, severity: "sev1", status: "resolved", commander: "bob" });
    expect(content).toContain("| Time (UTC) | Who | What |");
    expect(content).toContain("Status → resolved: Rolled back");
    expect(h.pulls()).toHaveLength(0);
    // Nothing written: the only POSTs are GraphQL reads: the issue's references, and the board's last
    // editor (without Hotwash's signing key, the CLI trusts the board only if Hotwash edited it last).
    expect(h.sim.requestCount({ method: "POST" }) + h.sim.requestCount({ method: "PATCH" })).toBe(2);
    expect(h.sim.requestCount({ method: "POST", route: "/graphql" })).toBe(2);
  });

  it("writes --out and reads an incident with two thousand comments in as few requests as GitHub allows", async () => {
    const h = await harness();
    await h.resolvedIncident();
    for (let i = 0; i < 2000; i++)
      h.sim.createComment(REPO, 1, `Looking at shard ${i}`, i % 2 ? "carol" : "dave");
    h.sim.clearRequests();
    const dir = await mkdtemp(join(tmpdir(), "hotwash-"));
    const out = join(dir, "pm.md");
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);

    expect(await postmortemCommand(["--repo", REPO, "--issue", "1", "--out", out], ENV)).toBe(0);
    const { data } = matter(await readFile(out, "utf8"));
    expect(data["incident"]).toBe(1);
    // The board is the first comment: one page of comments, never all of them.
    expect(h.sim.requestCount({ route: "/repos/{owner}/{repo}/issues/{issue_number}/comments" })).toBe(1);
    // Cross-references and commit references in one GraphQL request (plus one for the board's last
    // editor); the REST timeline (comments included, ~2,020 items → 21 pages of 100) is not read.
    expect(h.sim.requestCount({ route: "/graphql" })).toBe(2);
    expect(h.sim.requestCount({ route: "/repos/{owner}/{repo}/issues/{issue_number}/timeline" })).toBe(0);
  });

  it("says so when the issue is not an incident", async () => {
    const h = await harness();
    h.sim.createIssue(REPO, { title: "Typo on the pricing page", as: "dave" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await postmortemCommand(["--repo", REPO, "--issue", "1"], ENV)).toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toContain("#1 is not an incident");
  });
});
