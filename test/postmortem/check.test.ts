import { describe, expect, it } from "vitest";
import { checkPostmortem, isReady } from "../../src/core/postmortem/check.js";

/** A post-mortem as Hotwash writes it, trimmed: front matter, prompts, a timeline. */
const DRAFT = [
  "---", // 1
  "incident: 7",
  "title: Checkout down",
  "action_items:",
  "  - title: Add pool alerts", // 5
  "    owner: carol",
  '    due: "2024-05-15"',
  "    priority: P1",
  "  - title: Canary deploys", // 9
  "    owner: null",
  "    due: null",
  "    priority: P2",
  "---",
  "# Post-mortem: Checkout down", // 14
  "",
  "## Summary",
  "",
  "_TODO(author): two or three sentences a newcomer understands._", // 18
  "",
  "## Timeline",
  "",
  "| Time (UTC) | Event |",
  "| --- | --- |",
  "| 10:00 | Declared |", // 24
  "",
  "## Root cause",
  "",
  "_TODO(author): the underlying cause._", // 28
  "",
].join("\n");

/** The same document once the authors have done their part. */
const READY = DRAFT.replace("    owner: null\n    due: null", '    owner: bob\n    due: "2024-06-01"')
  .replace(/_TODO\(author\): two.*_/, "The pool ran dry after a deploy; checkout failed for 40 minutes.")
  .replace(/_TODO\(author\): the underlying.*_/, "The new pool size was never load-tested.");

describe("checkPostmortem", () => {
  it("finds each prompt left, and the incomplete action item, on their lines", () => {
    const findings = checkPostmortem(DRAFT);
    expect(findings.map((f) => [f.line, f.endLine, f.level, f.title])).toEqual([
      [9, 12, "failure", "Action item incomplete"],
      [18, 18, "failure", "Template prompt left"],
      [28, 28, "failure", "Template prompt left"],
    ]);
    expect(findings[0]?.message).toBe(
      'Action item 2 ("Canary deploys") has no owner or due date: every action item needs an owner (`owner: octocat`), a due date (`due: YYYY-MM-DD`) and a priority (`priority: P0`…`P3`).',
    );
    expect(findings[1]?.message).toBe(
      '"Summary" still holds the template\'s prompt: replace it with what happened (two or three sentences a newcomer understands).',
    );
    expect(isReady(findings)).toBe(false);
  });

  it("is ready once prompts are replaced and every item has owner, due date and priority", () => {
    expect(checkPostmortem(READY)).toEqual([]);
    expect(isReady(checkPostmortem(READY))).toBe(true);
  });

  it("reports an item without a priority", () => {
    const doc = READY.replace("    priority: P1\n", "");
    expect(checkPostmortem(doc).map((f) => [f.line, f.endLine, f.message.split(":")[0]])).toEqual([
      [5, 7, 'Action item 1 ("Add pool alerts") has no priority'],
    ]);
  });

  it("reports invalid front matter where the YAML breaks", () => {
    const doc = READY.replace("title: Checkout down\n", "title: [Checkout down\n");
    const [finding, ...rest] = checkPostmortem(doc);
    expect(rest).toEqual([]);
    expect(finding?.title).toBe("Invalid front matter");
    expect(finding?.line).toBeGreaterThanOrEqual(3);
    expect(finding?.message).toMatch(/^The front matter is not valid YAML at line \d+/);
  });

  it("reports an action item the merge would refuse, on the item's lines", () => {
    const doc = READY.replace('    due: "2024-05-15"', "    due: next week");
    expect(checkPostmortem(doc).map((f) => [f.line, f.endLine, f.title, f.message])).toEqual([
      [
        5,
        8,
        "Invalid action item",
        '`action_items` item 1 ("Add pool alerts"): `due` "next week" is not a date; write `due: YYYY-MM-DD`.',
      ],
    ]);
  });

  it("reports a document without front matter", () => {
    const doc = READY.slice(READY.indexOf("# Post-mortem"));
    expect(checkPostmortem(doc).map((f) => [f.line, f.title])).toEqual([[1, "No front matter"]]);
  });

  it("reports a timeline edited out, and one emptied", () => {
    const removed = READY.replace(/## Timeline[\s\S]*?(?=## Root cause)/, "");
    expect(checkPostmortem(removed).map((f) => [f.line, f.endLine, f.title])).toEqual([
      [14, 14, "Timeline removed"],
    ]);
    const emptied = READY.replace(/\| Time[\s\S]*?Declared \|\n/, "Nothing here.\n");
    expect(checkPostmortem(emptied).map((f) => [f.line, f.endLine, f.title])).toEqual([
      [20, 23, "Timeline empty"],
    ]);
  });

  it("needs no timeline when the repository's template has none", () => {
    const removed = READY.replace(/## Timeline[\s\S]*?(?=## Root cause)/, "");
    expect(checkPostmortem(removed, { template: "# {{incident.title}}\n## Summary\n" })).toEqual([]);
  });

  it("treats a template's HTML comments left in the document as prompts", () => {
    const template = "## Summary\n\n<!-- Who was affected, and for how long? -->\n";
    const doc = READY.replace(
      "## Root cause\n",
      "## Root cause\n\n<!-- Who was affected, and for how long? -->\n",
    );
    expect(checkPostmortem(doc, { template }).map((f) => [f.line, f.title])).toEqual([
      [28, "Template prompt left"],
    ]);
  });

  it("still finds a template prompt whose _TODO(author): marker was deleted", () => {
    const template = '## Root cause\n\n{{todo "the underlying cause, in a sentence or two."}}\n';
    const doc = READY.replace(
      "The new pool size was never load-tested.",
      "The new pool size. the underlying cause, in a sentence or two.",
    );
    expect(checkPostmortem(doc, { template }).map((f) => [f.line, f.title, f.message])).toEqual([
      [
        28,
        "Template prompt left",
        '"Root cause" still holds the template\'s prompt: replace it with what happened (the underlying cause, in a sentence or two).',
      ],
    ]);
  });

  it("warns about a section left empty", () => {
    const doc = READY.replace("## Root cause\n", "## Detection\n\n## Root cause\n");
    expect(checkPostmortem(doc).map((f) => [f.line, f.level, f.title])).toEqual([
      [26, "warning", "Empty section"],
    ]);
    expect(isReady(checkPostmortem(doc))).toBe(true);
  });
});
