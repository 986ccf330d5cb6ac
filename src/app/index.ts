import type { Probot } from "probot";
import { createOctokitPort, type OctokitClient } from "../github/octokit-port.js";
import type { ServiceDeps } from "../services/deps.js";
import { routeEvent, type WebhookPayload } from "../services/route.js";

const EVENTS = ["issue_comment", "issues", "workflow_run", "pull_request"] as const;

/** The Probot app: every webhook goes through the same router the Action and the demo use. */
export default function hotwash(app: Probot): void {
  app.on([...EVENTS], async (context) => {
    const payload = context.payload as unknown as WebhookPayload;
    if (!payload.repository) return;
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const deps: ServiceDeps = {
      port: createOctokitPort(context.octokit as unknown as OctokitClient, repo),
      now: () => new Date(),
      repoUrl: payload.repository.html_url ?? `https://github.com/${repo.owner}/${repo.repo}`,
      log: {
        info: (message, extra) => context.log.info(extra ?? {}, message),
        warn: (message, extra) => context.log.warn(extra ?? {}, message),
      },
    };
    const outcome = await routeEvent(deps, context.name, payload);
    context.log.info(
      { delivery: context.id, event: context.name, outcome: outcome.kind },
      "hotwash handled event",
    );
  });
}
