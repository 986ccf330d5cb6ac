import type { Context, Probot } from "probot";
import type { AppAuth } from "../github/installations.js";
import { createOctokitPort } from "../github/octokit-port.js";
import type { Logger, ServiceDeps } from "../services/deps.js";
import type { Locks } from "../services/locks.js";
import { installedRepositories, setUpRepositories } from "../services/labels.js";
import { routeEvent, type WebhookPayload } from "../services/route.js";
import { appWork, type InFlight } from "./in-flight.js";
import { installationOctokit } from "./installation-octokit.js";
import { createRedisLocks } from "./redis-locks.js";
import { createSweeper } from "./sweep.js";
import { appSelf } from "./trust.js";

const EVENTS = ["issue_comment", "issues", "workflow_run", "pull_request", "deployment_status"] as const;

export interface HotwashAppOptions {
  /** Minutes between reminder sweeps; 0 turns the timer off. Default: HOTWASH_REMINDER_INTERVAL_MINUTES or 5. */
  reminderIntervalMinutes?: number;
  /** Where handlers and sweeps count as in flight, for a graceful stop. Default: the process's `appWork`. */
  inFlight?: InFlight;
  /** Per-incident locks. Default: in Redis when REDIS_URL is set (shared by replicas), else in-process. */
  locks?: Locks;
}

/** The Probot app: every webhook goes through the same router the Action and the demo use. */
export function createHotwash(options: HotwashAppOptions = {}): (app: Probot) => void {
  return (app) => hotwash(app, options);
}

/** What `probot run ./dist/app/index.js` (npm start) loads. */
export default createHotwash();

function hotwash(app: Probot, options: HotwashAppOptions): void {
  const work = options.inFlight ?? appWork;
  const log = (bindings: Record<string, unknown>): Logger => ({
    info: (message, extra) => app.log.info({ ...bindings, ...extra }, message),
    warn: (message, extra) => app.log.warn({ ...bindings, ...extra }, message),
  });

  const locks = options.locks ?? redisLocks(work, log({ component: "locks" }));
  const self = appSelf(app);
  app.on([...EVENTS], (context) => work.track(() => handle(context)));

  // Installed on repositories: Hotwash's labels, made before anyone files the incident form.
  app.on(["installation.created", "installation_repositories.added"], (context) =>
    work.track(async () => {
      const octokit = await installationOctokit(app, context);
      const results = await setUpRepositories(installedRepositories(context.payload), (repo) =>
        createOctokitPort(octokit, repo),
      );
      context.log.info({ delivery: context.id, event: context.name, results }, "hotwash set up repositories");
    }),
  );

  async function handle(context: Context<(typeof EVENTS)[number]>): Promise<void> {
    const payload = context.payload as unknown as WebhookPayload;
    if (!payload.repository) return;
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const deps: ServiceDeps = {
      port: createOctokitPort(await installationOctokit(app, context), repo, { identity: self.identity }),
      trust: self.trust,
      now: () => new Date(),
      repoUrl: payload.repository.html_url ?? `https://github.com/${repo.owner}/${repo.repo}`,
      log: log({ delivery: context.id, event: context.name }),
      ...(locks ? { locks } : {}),
    };
    const outcome = await routeEvent(deps, context.name, payload);
    context.log.info(
      { delivery: context.id, event: context.name, outcome: outcome.kind },
      "hotwash handled event",
    );
  }

  const minutes =
    options.reminderIntervalMinutes ?? Number(process.env.HOTWASH_REMINDER_INTERVAL_MINUTES ?? 5);
  // One sweep per tick across replicas: the sweep lock is in Redis when REDIS_URL is set.
  if (minutes > 0)
    createSweeper({
      auth: app.auth.bind(app) as AppAuth,
      intervalMs: minutes * 60_000,
      work,
      log: log({ component: "sweep" }),
      identity: self.identity,
      trust: self.trust,
      ...(locks ? { locks } : {}),
    }).start();
}

let shared: { url: string; locks: Locks } | undefined;

/** With REDIS_URL, locks every replica shares: one connection per process, closed at a graceful stop. */
function redisLocks(work: InFlight, log: Logger): Locks | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  if (shared?.url !== url) {
    const made = createRedisLocks(url, { log });
    work.closeWhenDone(() => made.close());
    shared = { url, locks: made.locks };
  }
  return shared.locks;
}
