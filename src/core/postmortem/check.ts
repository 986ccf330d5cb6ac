import YAML from "yaml";
import { quoteText, truncate } from "../text/markdown.js";
import { readActionItems, splitDocument } from "./front-matter.js";
import { TODO_PREFIX } from "./render.js";

/**
 * Is a post-mortem ready to merge? What is still missing, each finding on the lines to fix: the
 * same checks for the App's check run, the Action's annotations and `hotwash check-postmortem`.
 */
export interface CheckFinding {
  /** 1-based lines of the document. */
  line: number;
  endLine: number;
  /** "failure" keeps the document from being ready; "warning" is worth a look. */
  level: "failure" | "warning";
  title: string;
  message: string;
}

export interface CheckOptions {
  /**
   * The template the document was rendered from: a document needs a timeline only when its template
   * has `{{timeline}}`, and HTML comments the template carries are prompts too. Default: Hotwash's.
   */
  template?: string | null;
}

/** Ready when nothing fails; warnings alone do not hold a post-mortem back. */
export function isReady(findings: readonly CheckFinding[]): boolean {
  return !findings.some((f) => f.level === "failure");
}

export function checkPostmortem(markdown: string, options: CheckOptions = {}): CheckFinding[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const bodyStart = frontMatterEnd(lines) + 1;
  const sections = readSections(lines, bodyStart);
  const template = options.template ?? null;
  return [
    ...checkFrontMatter(markdown, lines),
    ...checkPrompts(lines, bodyStart, sections, template),
    ...checkEmptySections(lines, sections),
    ...(template === null || /\{\{\s*timeline\s*\}\}/.test(template)
      ? checkTimeline(lines, bodyStart, sections)
      : []),
  ].sort((a, b) => a.line - b.line || a.endLine - b.endLine);
}

interface Section {
  title: string;
  /** 0-based index of the heading line; the section runs to `end` (exclusive). */
  heading: number;
  level: number;
  end: number;
}

/** 0-based index of the closing `---` of the front matter, or -1 when there is none. */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== "---") return -1;
  const close = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
  return close;
}

/** Markdown headings outside code fences, each running to the next heading of its level or above. */
function readSections(lines: readonly string[], from: number): Section[] {
  const headings: Omit<Section, "end">[] = [];
  let fence: string | null = null;
  for (let i = Math.max(0, from); i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fenceMark) fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
    if (fence !== null) continue;
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined)
      headings.push({ title: match[2], heading: i, level: match[1].length });
  }
  return headings.map((h, n) => {
    const next = headings.slice(n + 1).find((other) => other.level <= h.level);
    return { ...h, end: next?.heading ?? lines.length };
  });
}

/** The innermost section holding a line. */
function sectionOf(sections: readonly Section[], index: number): Section | undefined {
  return sections.filter((s) => s.heading <= index && index < s.end).at(-1);
}

// ---- front matter --------------------------------------------------------------------------

function checkFrontMatter(markdown: string, lines: readonly string[]): CheckFinding[] {
  const split = splitDocument(markdown);
  if (!split.ok) {
    const line = Number(/at line (\d+)/.exec(split.problem)?.[1] ?? 1);
    return [failure(line, line, "Invalid front matter", split.problem)];
  }
  if (!split.hasFrontMatter)
    return [
      failure(
        1,
        1,
        "No front matter",
        "The post-mortem has no front matter (the YAML block between `---` lines at the very top): put back the block Hotwash wrote, or run `/postmortem` on the incident.",
      ),
    ];
  const items = actionItemLines(lines);
  const findings: CheckFinding[] = [];
  // The problems a merge would refuse (the same validation the merge runs), on their item's lines.
  const read = readActionItems(markdown, "P2");
  if (!read.ok) {
    for (const problem of read.problems) {
      const n = Number(/item (\d+)/.exec(problem)?.[1] ?? 0);
      const at = items.lines[n - 1] ?? items.key;
      findings.push(failure(at.start, at.end, "Invalid action item", problem));
    }
  }
  const raw = split.data.action_items;
  if (!Array.isArray(raw)) return findings;
  raw.forEach((value: unknown, index) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    const missing = (["owner", "due", "priority"] as const).filter((key) => blank(record[key]));
    if (!missing.length) return;
    const at = items.lines[index] ?? items.key;
    const title = typeof record.title === "string" ? record.title.trim() : "";
    const name = `Action item ${index + 1}${title ? ` ("${quoteText(truncate(title, 60))}")` : ""}`;
    findings.push(
      failure(
        at.start,
        at.end,
        "Action item incomplete",
        `${name} has no ${listWords(missing.map(fieldName))}: every action item needs an owner (\`owner: octocat\`), a due date (\`due: YYYY-MM-DD\`) and a priority (\`priority: P0\`…\`P3\`).`,
      ),
    );
  });
  return findings;
}

interface LineRange {
  start: number;
  end: number;
}

/** Where `action_items:` and each of its items sit in the file (1-based lines). */
function actionItemLines(lines: readonly string[]): { key: LineRange; lines: LineRange[] } {
  const close = frontMatterEnd(lines);
  const fallback = { key: { start: 1, end: 1 }, lines: [] };
  if (close < 0) return fallback;
  const text = lines.slice(1, close).join("\n");
  // Offsets in `text` → file lines: the front matter starts on line 2.
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const lineAt = (offset: number): number => {
    let n = 0;
    while (n + 1 < starts.length && (starts[n + 1] ?? Infinity) <= offset) n++;
    return n + 2;
  };
  const doc = YAML.parseDocument(text);
  if (!YAML.isMap(doc.contents)) return fallback;
  const pair = doc.contents.items.find((p) => YAML.isScalar(p.key) && p.key.value === "action_items");
  if (!pair) return fallback;
  const keyRange = YAML.isScalar(pair.key) ? pair.key.range : undefined;
  const keyLine = keyRange ? lineAt(keyRange[0]) : 1;
  const key = { start: keyLine, end: keyLine };
  if (!YAML.isSeq(pair.value)) return { key, lines: [] };
  return {
    key,
    lines: pair.value.items.map((item) => {
      const range = (item as { range?: [number, number, number] } | null)?.range;
      if (!range) return key;
      // The value ends where the next node starts: step back over the line break.
      return { start: lineAt(range[0]), end: lineAt(Math.max(range[0], range[1] - 1)) };
    }),
  };
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function fieldName(key: "owner" | "due" | "priority"): string {
  return key === "due" ? "due date" : key;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1) ?? ""}`;
}

// ---- prompts and sections ------------------------------------------------------------------

function checkPrompts(
  lines: readonly string[],
  bodyStart: number,
  sections: readonly Section[],
  template: string | null,
): CheckFinding[] {
  // A template's own HTML comments (`<!-- describe the impact -->`) are prompts the reader never sees.
  const comments = new Set(
    (template ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => /^<!--[\s\S]*-->$/.test(line) && !/^<!--\s*hotwash:/.test(line)),
  );
  // A `{{todo "…"}}` prompt whose `_TODO(author):` marker was deleted but whose words were kept.
  const prompts = [...(template ?? "").matchAll(/\{\{\s*todo\s+"([^"]{20,})"\s*\}\}/g)].map(
    (m) => m[1] ?? "",
  );
  const findings: CheckFinding[] = [];
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const todo = line.indexOf(TODO_PREFIX);
    const kept = todo < 0 ? prompts.find((prompt) => line.includes(prompt)) : undefined;
    if (todo < 0 && !comments.has(line.trim()) && kept === undefined) continue;
    const section = sectionOf(sections, i);
    const where = section ? `"${quoteText(section.title)}"` : "This part";
    const prompt =
      todo >= 0
        ? line
            .slice(todo + TODO_PREFIX.length)
            .replace(/_\s*$/, "")
            .trim()
        : (kept ?? line.trim().replace(/^<!--\s*|\s*-->$/g, ""));
    findings.push(
      failure(
        i + 1,
        i + 1,
        "Template prompt left",
        `${where} still holds the template's prompt: replace it with what happened (${quoteText(truncate(prompt.replace(/\.$/, ""), 120))}).`,
      ),
    );
  }
  return findings;
}

/** A section whose heading is left with nothing under it (not even a sub-section). */
function checkEmptySections(lines: readonly string[], sections: readonly Section[]): CheckFinding[] {
  return sections
    .filter((s) => s.level >= 2)
    .filter((s) => lines.slice(s.heading + 1, s.end).every((line) => line.trim() === ""))
    .map((s) =>
      warning(
        s.heading + 1,
        s.heading + 1,
        "Empty section",
        `"${quoteText(s.title)}" is empty: write what the team knows, or remove the heading if it does not apply.`,
      ),
    );
}

// ---- timeline ------------------------------------------------------------------------------

function checkTimeline(
  lines: readonly string[],
  bodyStart: number,
  sections: readonly Section[],
): CheckFinding[] {
  const timeline = sections.find((s) => /^timeline\b/i.test(s.title));
  if (!timeline) {
    const title = sections[0]?.heading ?? bodyStart;
    return [
      failure(
        title + 1,
        title + 1,
        "Timeline removed",
        "The post-mortem has no Timeline section: put back the `## Timeline` heading and the table Hotwash wrote (run `/postmortem` on the incident to regenerate it).",
      ),
    ];
  }
  const body = lines.slice(timeline.heading + 1, timeline.end);
  let inTable = false;
  let rows = 0;
  for (const line of body) {
    const trimmed = line.trim();
    if (/^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(trimmed)) inTable = true;
    else if (inTable && trimmed.startsWith("|")) rows++;
    else if (!trimmed.startsWith("|")) inTable = false;
  }
  // A list of entries is a timeline too; only nothing at all is "edited out".
  const listed = body.some((line) => /^\s*[-*+]\s+\S/.test(line) || /^\s*\d+[.)]\s+\S/.test(line));
  if (rows > 0 || listed) return [];
  return [
    failure(
      timeline.heading + 1,
      Math.max(timeline.heading + 1, timeline.end),
      "Timeline empty",
      "The Timeline section has no entries: put back the table Hotwash wrote (run `/postmortem` on the incident to regenerate it) or list what happened and when.",
    ),
  ];
}

function failure(line: number, endLine: number, title: string, message: string): CheckFinding {
  return { line, endLine, level: "failure", title, message };
}

function warning(line: number, endLine: number, title: string, message: string): CheckFinding {
  return { line, endLine, level: "warning", title, message };
}

// ---- reporting -----------------------------------------------------------------------------

/** The check run's title: what a reviewer sees next to the check's name. */
export function checkTitle(findings: readonly CheckFinding[]): string {
  const failures = findings.filter((f) => f.level === "failure").length;
  if (failures === 0) return "Ready to merge";
  return `${failures} ${failures === 1 ? "thing" : "things"} to fix before merging`;
}

/** The check run's summary (markdown): each finding with its line, the fixes first. */
export function checkSummary(path: string, findings: readonly CheckFinding[]): string {
  const file = `\`${path.replace(/`/g, "")}\``;
  if (isReady(findings) && findings.length === 0)
    return `✅ ${file} has every section written, a timeline, and an owner, due date and priority for each action item.`;
  const head = isReady(findings)
    ? `✅ ${file} is ready to merge; worth a look:`
    : `❌ ${file} is not ready to merge yet. Fix these, push, and this check runs again:`;
  const list = findings.map(
    (f) =>
      `- ${f.level === "failure" ? "**Line" : "Line"} ${f.line}${f.endLine > f.line ? `–${f.endLine}` : ""}${f.level === "failure" ? "**" : ""} · ${f.title}: ${f.message}`,
  );
  return [head, "", ...list].join("\n");
}
