import type { RepoRef } from "./port.js";

/**
 * The incident label each repository's config names, as far as this process has read configs
 * (every config load notes it). The App's sweep searches an installation for every label its
 * repositories use, so a repository that renames `incident` is swept too. Bounded: past
 * `maxRepos`, the accounts noted longest ago are forgotten (the sweep reads their configs again).
 */
export class IncidentLabels {
  /** Account → repository → label; accounts in the order they were last noted. */
  readonly #byOwner = new Map<string, Map<string, string>>();
  #size = 0;

  constructor(readonly maxRepos = 100_000) {}

  note(repo: RepoRef, label: string): void {
    const owner = repo.owner.toLowerCase();
    const repos = this.#byOwner.get(owner) ?? new Map<string, string>();
    this.#byOwner.delete(owner);
    this.#byOwner.set(owner, repos);
    const name = repo.repo.toLowerCase();
    if (!repos.has(name)) this.#size++;
    repos.set(name, label);
    for (const [oldest, forgotten] of this.#byOwner) {
      if (this.#size <= this.maxRepos || oldest === owner) break;
      this.#byOwner.delete(oldest);
      this.#size -= forgotten.size;
    }
  }

  /** The distinct labels (GitHub compares them case-insensitively) of an account's repositories. */
  forOwner(owner: string): string[] {
    const labels = new Map<string, string>();
    for (const label of this.#byOwner.get(owner.toLowerCase())?.values() ?? [])
      labels.set(label.toLowerCase(), label);
    return [...labels.values()];
  }
}

export function keyOf(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** The process's: config loads note into it, the App's sweep reads it. */
export const incidentLabels = new IncidentLabels();
