import type { HotwashConfig } from "../core/config/schema.js";
import { labelCatalogue } from "../core/incident/labels.js";
import type { Logger } from "./deps.js";
import { loadConfig } from "./load-config.js";
import type { GitHubPort, RepoRef } from "./port.js";

/**
 * Create the labels Hotwash uses that the repository lacks, with colours and descriptions (GitHub
 * would create them grey and bare on first use). A label that exists, however a person changed
 * it, is never touched. One list request when nothing is missing; creations one at a time, as
 * GitHub asks of content-creating requests.
 */
export async function ensureLabels(port: GitHubPort, config: HotwashConfig): Promise<string[]> {
  const existing = new Set((await port.listLabels()).map((name) => name.toLowerCase()));
  const created: string[] = [];
  for (const label of labelCatalogue(config)) {
    if (existing.has(label.name.toLowerCase())) continue;
    if (await port.createLabel(label)) created.push(label.name);
  }
  return created;
}

/** For a declaration: labels are a nicety, so a failure is logged and never blocks the incident. */
export async function ensureLabelsQuietly(
  port: GitHubPort,
  config: HotwashConfig,
  log: Logger | undefined,
): Promise<void> {
  try {
    const created = await ensureLabels(port, config);
    if (created.length) log?.info("created Hotwash's labels", { labels: created });
  } catch (error) {
    log?.warn("labels could not be created; GitHub creates them plain on first use", {
      error: String(error),
    });
  }
}

/** The repositories an `installation.created` or `installation_repositories.added` payload names. */
export function installedRepositories(payload: {
  repositories?: { full_name: string }[];
  repositories_added?: { full_name: string }[];
}): RepoRef[] {
  return (payload.repositories_added ?? payload.repositories ?? []).flatMap((r) => {
    const [owner, repo] = r.full_name.split("/");
    return owner && repo ? [{ owner, repo }] : [];
  });
}

export interface RepositorySetUp {
  repo: string;
  created: string[];
  /** Why nothing was created: a broken config (its labels are not known) or a GitHub failure. */
  skipped?: string;
}

/**
 * When the App is installed on repositories: each one's labels, named as its config names them,
 * before anyone files the incident form (GitHub drops a form's labels that do not exist yet).
 * One repository at a time, so a large installation does not flood its rate limit.
 */
export async function setUpRepositories(
  repos: readonly RepoRef[],
  portFor: (repo: RepoRef) => GitHubPort,
): Promise<RepositorySetUp[]> {
  const results: RepositorySetUp[] = [];
  for (const ref of repos) {
    const repo = `${ref.owner}/${ref.repo}`;
    try {
      const port = portFor(ref);
      const { config, problems } = await loadConfig(port);
      if (problems) {
        // The first declaration creates them once the config is fixed (or with the defaults it then uses).
        results.push({
          repo,
          created: [],
          skipped: `.github/hotwash.yml is not valid: ${problems.join("; ")}`,
        });
        continue;
      }
      results.push({ repo, created: await ensureLabels(port, config) });
    } catch (error) {
      results.push({ repo, created: [], skipped: String(error) });
    }
  }
  return results;
}
