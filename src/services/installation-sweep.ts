/**
 * The App's reminder sweep over one installation, at a cost that does not grow with its
 * repositories: GitHub's issue search finds the incidents (open ones every tick; closed ones
 * updated in the lookback, hourly), a repository's config is read only when it has some
 * (revalidated: a 304 when unchanged), and the boards of up to 100 incidents come in one GraphQL
 * request.
 *
 * Labels: a repository's config may rename `incident`. The search asks for every incident label
 * the installation's repositories use, as learned from their configs: each config this process
 * reads (commands, sweeps), and each repository's config read by the sweep itself once when it
 * first sees the repository and again daily. Hits in a repository whose label is another are
 * dropped.
 */
import { DEFAULT_CONFIG } from "../core/config/parse.js";
import type { Logger } from "./deps.js";
import { incidentLabels, keyOf, type IncidentLabels } from "./incident-labels.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import type { Locks } from "./locks.js";
import type { Trust } from "./trust-options.js";
import type { InstallationPort, InstalledRepo, IssueSnapshot } from "./port.js";
import { boardOf, CLOSED_LOOKBACK_MS, readBoards, remindAll, type SweptIncident } from "./reminders.js";

/** How long an installation's repository list is used before it is listed again. */
export const RELIST_MS = 60 * 60_000;
/** How long the sweep trusts what it learned of a repository's incident label. */
export const RECHECK_MS = 24 * 60 * 60_000;
/**
 * Closed incidents owe only post-mortems and action items, due by the day: they are searched for
 * hourly, not every tick (GitHub allows 30 searches a minute, and Octokit spaces them 2 s apart).
 */
export const CLOSED_EVERY_MS = 60 * 60_000;
const CONCURRENCY = 4;

/** What the sweep remembers between ticks (one per process): repository lists and when each config was read. */
export class SweepMemory {
  readonly #checked = new Map<string, number>();
  readonly #listed = new Map<string, { at: number; repos: InstalledRepo[] }>();
  readonly #closedSearched = new Map<string, number>();

  constructor(
    readonly labels: IncidentLabels = incidentLabels,
    readonly maxRepos = 100_000,
  ) {}

  checkedAt(repo: InstalledRepo): number | undefined {
    return this.#checked.get(keyOf(repo));
  }

  checked(repo: InstalledRepo, at: number): void {
    const key = keyOf(repo);
    this.#checked.delete(key);
    this.#checked.set(key, at);
    for (const oldest of this.#checked.keys()) {
      if (this.#checked.size <= this.maxRepos) break;
      this.#checked.delete(oldest);
    }
  }

  listed(account: string): { at: number; repos: InstalledRepo[] } | undefined {
    return this.#listed.get(account.toLowerCase());
  }

  list(account: string, at: number, repos: InstalledRepo[]): void {
    this.#listed.set(account.toLowerCase(), { at, repos });
  }

  closedSearchedAt(account: string): number | undefined {
    return this.#closedSearched.get(account.toLowerCase());
  }

  closedSearched(account: string, at: number): void {
    this.#closedSearched.set(account.toLowerCase(), at);
  }
}

const processMemory = new SweepMemory();

export interface InstallationSweepDeps {
  now: () => Date;
  log?: Logger;
  /** Per-incident locks, shared with the handlers of commands. */
  locks?: Locks;
  /** How the boards Hotwash writes are signed, as for the handlers of commands. */
  trust?: Trust;
  memory?: SweepMemory;
}

export interface InstallationSweepOutcome {
  incidents: number;
  reminders: { repo: string; issue: number; key: string }[];
  /** Repositories or incidents that failed; the others were still swept. */
  failures: { repo: string; issue?: number; error: string }[];
}

export async function sweepInstallation(
  port: InstallationPort,
  deps: InstallationSweepDeps,
): Promise<InstallationSweepOutcome> {
  const memory = deps.memory ?? processMemory;
  const now = deps.now().getTime();
  const outcome: InstallationSweepOutcome = { incidents: 0, reminders: [], failures: [] };
  const fail = (repo: InstalledRepo, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const name = `${repo.owner}/${repo.repo}`;
    deps.log?.warn("reminder sweep failed for a repository", { repo: name, error: message });
    outcome.failures.push({ repo: name, error: message });
  };
  const configs = new Map<string, Promise<LoadedConfig>>();
  const configOf = (repo: InstalledRepo): Promise<LoadedConfig> => {
    let loaded = configs.get(keyOf(repo));
    if (!loaded) {
      loaded = loadConfig(port.repository(repo)).then((result) => {
        memory.labels.note(repo, result.config.labels.incident);
        memory.checked(repo, now);
        return result;
      });
      configs.set(keyOf(repo), loaded);
    }
    return loaded;
  };

  const repos = await repositories(port, memory, now, deps.log);
  const unchecked = repos.filter((repo) => (memory.checkedAt(repo) ?? -Infinity) <= now - RECHECK_MS);
  await eachLimited(unchecked, (repo) =>
    configOf(repo).then(
      () => undefined,
      (error) => fail(repo, error),
    ),
  );
  if (!port.allRepositories && !repos.length) return outcome;

  const labels = [DEFAULT_CONFIG.labels.incident, ...memory.labels.forOwner(port.account)].filter(
    (label, i, all) => all.findIndex((other) => other.toLowerCase() === label.toLowerCase()) === i,
  );
  const scope = port.allRepositories ? {} : { repos };
  const since = new Date(now - CLOSED_LOOKBACK_MS).toISOString();
  const withClosed = (memory.closedSearchedAt(port.account) ?? -Infinity) <= now - CLOSED_EVERY_MS;
  const [open, closed] = await Promise.all([
    port.searchIssues({ labels, state: "open", ...scope }),
    withClosed ? port.searchIssues({ labels, state: "closed", updatedSince: since, ...scope }) : [],
  ]);
  if (withClosed) memory.closedSearched(port.account, now);

  // Only issues with their own repository's incident label, in repositories that want reminders.
  const byRepo = new Map<string, { repo: InstalledRepo; issues: IssueSnapshot[] }>();
  for (const { repo, issue } of [...open, ...closed]) {
    const entry = byRepo.get(keyOf(repo)) ?? { repo, issues: [] };
    entry.issues.push(issue);
    byRepo.set(keyOf(repo), entry);
  }
  const work: { repo: InstalledRepo; loaded: LoadedConfig; issues: IssueSnapshot[] }[] = [];
  await eachLimited([...byRepo.values()], async ({ repo, issues }) => {
    try {
      const loaded = await configOf(repo);
      const label = loaded.config.labels.incident.toLowerCase();
      const incidents = issues.filter((issue) => issue.labels.some((l) => l.toLowerCase() === label));
      if (loaded.config.reminders.enabled && incidents.length) work.push({ repo, loaded, issues: incidents });
    } catch (error) {
      fail(repo, error);
    }
  });

  const boards = await readBoards(
    (ids) => port.readComments(ids),
    work.flatMap((w) => w.issues),
    deps.log,
  );
  for (const { repo, loaded, issues } of work) {
    const name = `${repo.owner}/${repo.repo}`;
    const log = deps.log && withRepo(deps.log, name);
    const incidents: SweptIncident[] = issues.map((issue) => ({
      issue,
      board: boardOf(issue, boards, false),
    }));
    const result = await remindAll(
      {
        port: port.repository(repo),
        now: deps.now,
        repoUrl: repo.htmlUrl,
        ...(log ? { log } : {}),
        ...(deps.locks ? { locks: deps.locks } : {}),
        ...(deps.trust ? { trust: deps.trust } : {}),
      },
      incidents,
      loaded,
    );
    outcome.incidents += incidents.length;
    outcome.reminders.push(...result.reminders.map((r) => ({ repo: name, ...r })));
    outcome.failures.push(...result.failures.map((f) => ({ repo: name, ...f })));
  }
  return outcome;
}

/** The installation's repositories, listed again once the list is an hour old. */
async function repositories(
  port: InstallationPort,
  memory: SweepMemory,
  now: number,
  log: Logger | undefined,
): Promise<InstalledRepo[]> {
  const known = memory.listed(port.account);
  if (known && now - known.at < RELIST_MS) return known.repos;
  try {
    const repos = await port.listRepositories();
    memory.list(port.account, now, repos);
    return repos;
  } catch (error) {
    // The search of an installation on every repository does not need the list; a selected one does.
    if (!port.allRepositories && !known) throw error;
    log?.warn("could not list the installation's repositories", {
      account: port.account,
      error: String(error),
    });
    return known?.repos ?? [];
  }
}

function withRepo(log: Logger, repo: string): Logger {
  return {
    info: (message, extra) => log.info(message, { repo, ...extra }),
    warn: (message, extra) => log.warn(message, { repo, ...extra }),
  };
}

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
