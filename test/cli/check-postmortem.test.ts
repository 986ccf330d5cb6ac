import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkPostmortemCommand } from "../../src/cli/check-postmortem.js";
import { harness, REPO } from "../postmortem/harness.js";

const dir = mkdtempSync(join(tmpdir(), "hotwash-check-"));

afterEach(() => {
  vi.restoreAllMocks();
});

function capture(): { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation(
    (c: string | Uint8Array) => (out.push(String(c)), true),
  );
  vi.spyOn(process.stderr, "write").mockImplementation(
    (c: string | Uint8Array) => (err.push(String(c)), true),
  );
  return { out: () => out.join(""), err: () => err.join("") };
}

/** The post-mortem `/postmortem` wrote for a resolved incident, saved where an author checks it out. */
async function writtenPostmortem(): Promise<string> {
  const h = await harness();
  await h.resolvedIncident();
  await h.comment(1, "/postmortem", "bob");
  const text = h.sim.getFile(
    REPO,
    "docs/postmortems/2024-05-01-1-checkout-api-returns-500s.md",
    "hotwash/postmortem-1",
  );
  if (!text) throw new Error("no post-mortem written");
  return text;
}

describe("hotwash check-postmortem", () => {
  it("lists FILE:LINE: message for each prompt left and exits 1", async () => {
    const doc = await writtenPostmortem();
    const path = join(dir, "draft.md");
    writeFileSync(path, doc);
    const io = capture();
    expect(await checkPostmortemCommand([path])).toBe(1);
    const lines = io.out().trimEnd().split("\n");
    const summaryLine = doc.split("\n").findIndex((l) => l.startsWith("_TODO(author): two or three")) + 1;
    expect(lines[0]).toBe(
      `${path}:${summaryLine}: "Summary" still holds the template's prompt: replace it with what happened (two or three sentences a newcomer understands: what happened, who was affected, how long, how it ended).`,
    );
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe(`${path}: not ready: 11 things to fix.`);
  });

  it("exits 0 once the prompts are replaced", async () => {
    const doc = (await writtenPostmortem()).replace(/_TODO\(author\):[^\n]*_/g, "Written by the team.");
    const path = join(dir, "ready.md");
    writeFileSync(path, doc);
    const io = capture();
    expect(await checkPostmortemCommand([path])).toBe(0);
    expect(io.out()).toBe(`${path}: ready to merge.\n`);
  });

  it("exits 2 with a clear message for a file it cannot read", async () => {
    const io = capture();
    expect(await checkPostmortemCommand([join(dir, "missing.md")])).toBe(2);
    expect(io.err()).toContain("cannot read the file");
  });
});
