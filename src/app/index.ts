import type { Context, Probot } from "probot";
import { forEachInstalledRepo, type AppAuth } from "../github/installations.js";
import { createOctokitPort, type OctokitClient } from "../github/octokit-port.js";
import type { Logger, ServiceDeps } from "../services/deps.js";
import { installedRepositories, setUpRepositories } from "../services/labels.js";
import { sweepReminders } from "../services/reminders.js";
import { routeEvent, type WebhookPayload } from "../services/route.js";
import { appWork, type InFlight } from "./in-flight.js";

const EVENTS = ["issue_comment", "issues", "workflow_run", "pull_request"] as const;

export interface HotwashAppOptions {
  /** Minutes between reminder sweeps; 0 turns the timer off. Default: HOTWASH_REMINDER_INTERVAL_MINUTES or 5. */
  reminderIntervalMinutes?: number;
  /** Where handlers and sweeps count as in flight, for a graceful stop. Default: the process's `appWork`. */
  inFlight?: InFlight;
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

  app.on([...EVENTS], (context) => work.track(() => handle(context)));

  // Installed on repositories: Hotwash's labels, made before anyone files the incident form.
  app.on(["installation.created", "installation_repositories.added"], (context) =>
    work.track(async () => {
      const results = await setUpRepositories(installedRepositories(context.payload), (repo) =>
        createOctokitPort(context.octokit as unknown as OctokitClient, repo),
      );
      context.log.info({ delivery: context.id, event: context.name, results }, "hotwash set up repositories");
    }),
  );

  async function handle(context: Context<(typeof EVENTS)[number]>): Promise<void> {
    const payload = context.payload as unknown as WebhookPayload;
    if (!payload.repository) return;
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const deps: ServiceDeps = {
      port: createOctokitPort(context.octokit as unknown as OctokitClient, repo),
      now: () => new Date(),
      repoUrl: payload.repository.html_url ?? `https://github.com/${repo.owner}/${repo.repo}`,
      log: log({ delivery: context.id, event: context.name }),
    };
    const outcome = await routeEvent(deps, context.name, payload);
    context.log.info(
      { delivery: context.id, event: context.name, outcome: outcome.kind },
      "hotwash handled event",
    );
  }

  const minutes =
    options.reminderIntervalMinutes ?? Number(process.env.HOTWASH_REMINDER_INTERVAL_MINUTES ?? 5);
  if (minutes > 0) {
    let running = false;
    const timer = setInterval(() => {
      // One sweep at a time: a slow sweep is skipped over, not stacked.
      if (running) return;
      running = true;
      work
        .track(() => sweepAll(app))
        .finally(() => {
          running = false;
        });
    }, minutes * 60_000);
    timer.unref();
  }

  async function sweepAll(probot: Probot): Promise<void> {
    try {
      await forEachInstalledRepo(probot.auth.bind(probot) as AppAuth, async (client, repo) => {
        const deps: ServiceDeps = {
          port: createOctokitPort(client, repo),
          now: () => new Date(),
          repoUrl: repo.htmlUrl,
          log: log({ sweep: `${repo.owner}/${repo.repo}` }),
        };
        const outcome = await sweepReminders(deps).catch((error: unknown) => {
          app.log.warn({ repo, error: String(error) }, "reminder sweep failed for a repository");
          return null;
        });
        if (outcome?.reminders.length)
          app.log.info({ repo, reminders: outcome.reminders }, "reminders posted");
      });
    } catch (error) {
      app.log.warn({ error: String(error) }, "reminder sweep failed");
    }
  }
}
