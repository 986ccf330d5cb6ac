import matter from "gray-matter";
import YAML from "yaml";
import { quoteText, truncate } from "../text/markdown.js";

/**
 * The post-mortem's YAML front matter: what Hotwash knows about the incident, machine-readable,
 * and the action items authors edit. Keys are snake_case, as YAML front matter usually is.
 */
export interface PostmortemFrontMatter {
  incident: number;
  title: string;
  url: string;
  severity: string | null;
  severity_name: string | null;
  drill: boolean;
  status: string;
  milestones: {
    declared: string | null;
    acknowledged: string | null;
    mitigated: string | null;
    resolved: string | null;
  };
  metrics: { mtta: DurationValue | null; mttm: DurationValue | null; mttr: DurationValue | null };
  commander: string | null;
  participants: string[];
  services: string[];
  postmortem_due: string | null;
  action_items: FrontMatterActionItem[];
}

export interface DurationValue {
  /** "1h 5m" */
  human: string;
  minutes: number;
}

export interface FrontMatterActionItem {
  title: string;
  owner: string | null;
  /** YYYY-MM-DD */
  due: string | null;
  priority: string;
  /** The action item's issue number once it has one. */
  issue: number | null;
}

/**
 * gray-matter evaluates `---js` front matter with eval(): a merged document must never run code in
 * Hotwash. Only YAML (through the `yaml` package, which keeps dates as text) and JSON are read.
 */
const REFUSE_CODE = {
  parse: (): never => {
    throw new Error("front matter must be YAML; code front matter (---js) is not allowed");
  },
  stringify: (): never => {
    throw new Error("front matter must be YAML");
  },
};
const MATTER_OPTIONS = {
  language: "yaml",
  engines: {
    yaml: {
      parse: (text: string): object => (YAML.parse(text) ?? {}) as object,
      // Written as YAML 1.1 so dates and words like "yes" stay quoted strings for 1.1 readers too
      // (js-yaml, Jekyll); read as YAML 1.2, where a date someone types unquoted stays text.
      stringify: (data: object): string => YAML.stringify(data, { version: "1.1", lineWidth: 0 }),
    },
    javascript: REFUSE_CODE,
    coffee: REFUSE_CODE,
  },
};

/** Front matter + body → the document, in the YAML form Hotwash writes (no line folding). */
export function composeDocument(data: object, body: string): string {
  return matter.stringify(body.replace(/^\n+/, ""), data as Record<string, unknown>, MATTER_OPTIONS);
}

export type SplitResult =
  | { ok: true; data: Record<string, unknown>; content: string; hasFrontMatter: boolean }
  | { ok: false; problem: string };

/** The front matter as data and the body, or the YAML problem with the file's line number. */
export function splitDocument(markdown: string): SplitResult {
  try {
    const file = matter(markdown, MATTER_OPTIONS);
    const data: unknown = file.data;
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return {
        ok: false,
        problem: "The front matter must be a YAML mapping (`key: value` lines between the `---` lines).",
      };
    }
    return {
      ok: true,
      data: data as Record<string, unknown>,
      content: file.content,
      hasFrontMatter: markdown.startsWith("---"),
    };
  } catch (error) {
    return { ok: false, problem: yamlProblem(error) };
  }
}

function yamlProblem(error: unknown): string {
  const e = error as { message?: string; linePos?: { line: number; col: number }[] };
  const first = (e.message ?? String(error)).split("\n")[0] ?? "";
  const pos = e.linePos?.[0];
  // gray-matter hands over the text from the end of the opening `---`: its lines are the file's.
  const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
  const detail = quoteText(first.replace(/ at line \d+, column \d+:?$/, ""));
  return `The front matter is not valid YAML${where}: ${detail}.`;
}

export type ActionItemsResult =
  { ok: true; items: FrontMatterActionItem[] } | { ok: false; problems: string[] };

/** More than this in one merge is refused: GitHub throttles bursts of issue creation. */
export const MAX_ACTION_ITEMS = 50;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const PRIORITY = /^P[0-3]$/;

/**
 * The `action_items` of a post-mortem, all validated before any is used: one bad item means none
 * is taken, so a merge never half-creates the list. Problems name the item and the field.
 */
export function readActionItems(markdown: string, defaultPriority: string): ActionItemsResult {
  const split = splitDocument(markdown);
  if (!split.ok) return { ok: false, problems: [split.problem] };
  if (!split.hasFrontMatter) {
    return {
      ok: false,
      problems: [
        "The post-mortem has no front matter (the YAML block between `---` lines at the very top), so Hotwash cannot find its `action_items`.",
      ],
    };
  }
  const raw = split.data.action_items;
  if (raw === undefined || raw === null) return { ok: true, items: [] };
  if (!Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        `\`action_items\` must be a list (each item starting with \`- title: …\`), not ${describeType(raw)}.`,
      ],
    };
  }
  if (raw.length > MAX_ACTION_ITEMS) {
    return {
      ok: false,
      problems: [
        `\`action_items\` has ${raw.length} items; Hotwash creates at most ${MAX_ACTION_ITEMS} issues from one post-mortem. Merge the rest into fewer items or file them by hand.`,
      ],
    };
  }
  const problems: string[] = [];
  const items: FrontMatterActionItem[] = [];
  raw.forEach((value: unknown, index) => {
    const item = readItem(value, index + 1, defaultPriority);
    if ("problems" in item) problems.push(...item.problems);
    else items.push(item.item);
  });
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

function readItem(
  value: unknown,
  n: number,
  defaultPriority: string,
): { item: FrontMatterActionItem } | { problems: string[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      problems: [
        `\`action_items\` item ${n} must be a mapping with at least a \`title\`, not ${describeType(value)}.`,
      ],
    };
  }
  const record = value as Record<string, unknown>;
  const rawTitle = record.title;
  if (typeof rawTitle !== "string" && typeof rawTitle !== "number") {
    return { problems: [`\`action_items\` item ${n} has no \`title\`.`] };
  }
  const title = String(rawTitle).replace(/\s+/g, " ").trim();
  if (!title) return { problems: [`\`action_items\` item ${n} has an empty \`title\`.`] };
  const name = `\`action_items\` item ${n} ("${quoteText(truncate(title, 60))}")`;
  const problems: string[] = [];
  if (title.length > 256)
    problems.push(`${name}: the title is ${title.length} characters; GitHub allows 256.`);

  let owner: string | null = null;
  if (record.owner !== undefined && record.owner !== null && record.owner !== "") {
    const text = typeof record.owner === "string" ? record.owner.trim().replace(/^@/, "") : "";
    if (LOGIN.test(text)) owner = text;
    else
      problems.push(
        `${name}: \`owner\` ${show(record.owner)} is not a GitHub login (write \`owner: octocat\`).`,
      );
  }

  let due: string | null = null;
  if (record.due !== undefined && record.due !== null && record.due !== "") {
    due = readDate(record.due);
    if (due === null)
      problems.push(`${name}: \`due\` ${show(record.due)} is not a date; write \`due: YYYY-MM-DD\`.`);
  }

  let priority = defaultPriority;
  if (record.priority !== undefined && record.priority !== null && record.priority !== "") {
    const text = String(record.priority).trim().toUpperCase();
    if (PRIORITY.test(text)) priority = text;
    else problems.push(`${name}: \`priority\` ${show(record.priority)} must be one of P0, P1, P2, P3.`);
  }

  let issue: number | null = null;
  if (record.issue !== undefined && record.issue !== null && record.issue !== "") {
    const text = String(record.issue).trim().replace(/^#/, "");
    if (/^[1-9]\d{0,9}$/.test(text)) issue = Number(text);
    else problems.push(`${name}: \`issue\` ${show(record.issue)} must be an issue number (or left empty).`);
  }
  return problems.length ? { problems } : { item: { title, owner, due, priority, issue } };
}

/** YYYY-MM-DD that is a real calendar date; a YAML date object is accepted too. */
function readDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? value.trim()
    : null;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `"${quoteText(truncate(text ?? String(value), 60))}"`;
}

function describeType(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `the ${typeof value} ${show(value)}`;
}
