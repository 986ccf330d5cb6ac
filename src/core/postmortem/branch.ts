/**
 * Whose work is on the post-mortem branch. Hotwash signs each commit it makes with a trailer that
 * names the blob it wrote; the branch is Hotwash's to rewrite only while every commit on it carries
 * the trailer and the file is still exactly that blob. Anything else means a person has been there.
 */

export const GENERATED_TRAILER = "Hotwash-Generated";

export interface BranchCommit {
  sha: string;
  message: string;
  /** Login of the commit's author, or its git name when GitHub cannot match a user. */
  author: string;
}

/** The branch compared with the base branch (GitHub's compare API). */
export interface BranchComparison {
  /** Commits on the branch that the base does not have. */
  aheadBy: number;
  /** Those commits, oldest first (GitHub lists at most 250). */
  commits: BranchCommit[];
  /** Files that differ from the merge base, with the branch's blob sha. */
  files: { path: string; sha: string | null }[];
}

export type BranchVerdict =
  | { kind: "absent" }
  /** Only Hotwash has written here; `current` is the document's blob sha on the branch. */
  | { kind: "generated"; current: string | null }
  | { kind: "edited"; people: string[]; reason: string };

export function generatedCommitMessage(issueNumber: number, blobSha: string): string {
  return `Post-mortem for incident #${issueNumber}\n\nWritten by Hotwash from the incident's timeline.\n\n${GENERATED_TRAILER}: ${blobSha}`;
}

function trailerOf(message: string): string | null {
  const match = new RegExp(`^${GENERATED_TRAILER}: ([0-9a-f]{40})\\s*$`, "m").exec(message);
  return match?.[1] ?? null;
}

export function classifyBranch(comparison: BranchComparison | null, path: string): BranchVerdict {
  if (comparison === null) return { kind: "absent" };
  if (comparison.commits.length < comparison.aheadBy) {
    return {
      kind: "edited",
      people: [],
      reason: `the branch has ${comparison.aheadBy} commits, more than Hotwash can check`,
    };
  }
  const foreign = comparison.commits.filter((c) => trailerOf(c.message) === null);
  if (foreign.length) {
    return {
      kind: "edited",
      people: [...new Set(foreign.map((c) => c.author))],
      reason: `${foreign.length === 1 ? "a commit" : `${foreign.length} commits`} on the branch ${foreign.length === 1 ? "was" : "were"} not made by Hotwash`,
    };
  }
  const others = comparison.files.filter((f) => f.path !== path);
  if (others.length) {
    return { kind: "edited", people: [], reason: `the branch also changes \`${others[0]?.path ?? ""}\`` };
  }
  const current = comparison.files.find((f) => f.path === path)?.sha ?? null;
  const last = comparison.commits[comparison.commits.length - 1];
  const written = last ? trailerOf(last.message) : null;
  if (last && current !== written) {
    return {
      kind: "edited",
      people: [last.author],
      reason: "the document differs from what Hotwash last wrote (a Hotwash commit was amended)",
    };
  }
  return { kind: "generated", current };
}
