/** Where a post-mortem lives: its branch and file path, derived from the incident alone. */

const BRANCH_PREFIX = "hotwash/postmortem-";
const SLUG_MAX = 50;

/** `hotwash/postmortem-<number>`: one branch per incident, reused by every `/postmortem`. */
export function postmortemBranch(issueNumber: number): string {
  return `${BRANCH_PREFIX}${issueNumber}`;
}

/** The incident number of a post-mortem branch, or null for any other branch. */
export function incidentOfBranch(ref: string): number | null {
  const match = /^(?:refs\/heads\/)?hotwash\/postmortem-([1-9]\d{0,9})$/.exec(ref);
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * A short file-name-safe form of a title: lowercase ASCII letters and digits joined by single
 * hyphens ("Checkout API: 500s!" → "checkout-api-500s"). Accents are dropped, not the letters.
 */
export function slugify(title: string): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = ascii.length <= SLUG_MAX ? ascii : ascii.slice(0, SLUG_MAX).replace(/-[^-]*$/, "");
  return cut.replace(/-+$/, "") || "incident";
}

/**
 * `<directory>/YYYY-MM-DD-<number>-<slug>.md`, dated by the declaration (UTC) so the name sorts
 * by when incidents happened. `declaredAt` is ISO; an unparseable one falls back to `fallbackDate`.
 */
export function postmortemPath(options: {
  directory: string;
  issueNumber: number;
  title: string;
  declaredAt: string | null;
  fallbackDate: string;
}): string {
  const directory = options.directory.replace(/^\/+|\/+$/g, "") || ".";
  const ms = options.declaredAt ? Date.parse(options.declaredAt) : Number.NaN;
  const date = Number.isNaN(ms) ? options.fallbackDate.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
  const name = `${date}-${options.issueNumber}-${slugify(options.title)}.md`;
  return directory === "." ? name : `${directory}/${name}`;
}

/** The incident's post-mortem file: where it was first written, else where it would be now. */
export function incidentPostmortemPath(
  issue: { number: number; title: string; createdAt: string },
  state: { title: string; postmortem: { path: string } | null; milestones: { declaredAt: string | null } },
  directory: string,
): string {
  return (
    state.postmortem?.path ??
    postmortemPath({
      directory,
      issueNumber: issue.number,
      title: state.title || issue.title,
      declaredAt: state.milestones.declaredAt,
      fallbackDate: issue.createdAt,
    })
  );
}
