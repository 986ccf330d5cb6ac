/** Match request paths against OpenAPI path templates (`/repos/{owner}/{repo}/contents/{path}`). */

/** Path parameters GitHub allows to span several segments (`x-multi-segment` in the description). */
export const MULTI_SEGMENT = new Set([
  "path",
  "ref",
  "basehead",
  "commit_sha",
  "tree_sha",
  "branch",
  "dir",
  "tag",
]);

type Segment = { literal: string } | { param: string; multi: boolean };

export interface CompiledTemplate {
  template: string;
  segments: Segment[];
}

export function compileTemplate(template: string): CompiledTemplate {
  const segments = template
    .split("/")
    .filter((s) => s !== "")
    .map((s): Segment => {
      const m = /^\{(\w+)\}$/.exec(s);
      return m?.[1] ? { param: m[1], multi: MULTI_SEGMENT.has(m[1]) } : { literal: s };
    });
  return { template, segments };
}

function rank(s: Segment | undefined): number {
  if (!s) return 3;
  if ("literal" in s) return 0;
  return s.multi ? 2 : 1;
}

/** Literal segments win over parameters, single-segment parameters over multi-segment ones. */
export function compareTemplates(a: CompiledTemplate, b: CompiledTemplate): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i += 1) {
    const d = rank(a.segments[i]) - rank(b.segments[i]);
    if (d !== 0) return d;
  }
  return b.segments.length - a.segments.length;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Parameters when `parts` (raw, still percent-encoded path segments) match the template. */
export function matchTemplate(t: CompiledTemplate, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const walk = (si: number, pi: number): boolean => {
    const seg = t.segments[si];
    if (!seg) return pi === parts.length;
    if (pi >= parts.length) return false;
    if ("literal" in seg) return decode(parts[pi] ?? "") === seg.literal && walk(si + 1, pi + 1);
    const remainingLiterals = t.segments.length - si - 1;
    const maxTake = seg.multi ? parts.length - pi - remainingLiterals : 1;
    for (let take = maxTake; take >= 1; take -= 1) {
      params[seg.param] = parts
        .slice(pi, pi + take)
        .map(decode)
        .join("/");
      if (walk(si + 1, pi + take)) return true;
    }
    delete params[seg.param];
    return false;
  };
  return walk(0, 0) ? params : undefined;
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}
