import type { IncidentEvent } from "../core/incident/events.js";
import { incidentOfBranch, incidentPostmortemPath } from "../core/postmortem/path.js";
import { describeSync, syncActionItems } from "./action-items.js";
import type { ServiceDeps } from "./deps.js";
import { findIncident, repairIfNeeded, saveIncident, withEvents } from "./incident-store.js";
import { loadConfig } from "./load-config.js";
import { explainFailure } from "./replies.js";

/** The fields of a `pull_request` webhook that the merge flow reads. */
interface WebhookPull {
  number: number;
  merged?: boolean | null;
  merged_at?: string | null;
  merged_by?: { login: string } | null;
  html_url: string;
  head: { ref: string; repo?: { full_name?: string } | null };
  base: { ref: string; repo?: { full_name?: string } | null };
}

export type PullRequestOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; problems: string[] }
  | { kind: "done"; created: number[]; existing: number[]; failure: string | null };

/**
 * `pull_request.closed` for a merged `hotwash/postmortem-<N>` branch: read the merged document
 * from the base branch and turn its action items into issues. A redelivery (or a later run after
 * the front matter is fixed) creates only what is missing.
 */
export async function handlePullRequestEvent(
  deps: ServiceDeps,
  payload: { action?: string; pull_request?: unknown; sender?: { login: string } },
): Promise<PullRequestOutcome> {
  const pull = payload.pull_request as WebhookPull | undefined;
  if (payload.action !== "closed" || !pull?.head || !pull.base) {
    return { kind: "ignored", reason: `pull_request.${payload.action ?? ""} is not handled` };
  }
  const incidentNumber = incidentOfBranch(pull.head.ref);
  if (incidentNumber === null) return { kind: "ignored", reason: "not a post-mortem branch" };
  if (!(pull.merged ?? pull.merged_at)) return { kind: "ignored", reason: "closed without merging" };
  const fullName = `${deps.port.repo.owner}/${deps.port.repo.repo}`.toLowerCase();
  if ((pull.head.repo?.full_name ?? fullName).toLowerCase() !== fullName) {
    return { kind: "ignored", reason: "post-mortem branch from a fork" };
  }
  const { port } = deps;
  const reply = (body: string) => port.createComment(pull.number, body);

  const [{ config, problems }, incident, found] = await Promise.all([
    loadConfig(port),
    port.getIssue(incidentNumber),
    findIncident(deps, incidentNumber),
  ]);
  if (problems) {
    await reply(
      `Hotwash did not create this post-mortem's action items: \`.github/hotwash.yml\` is not valid. Fix it, then run \`/postmortem\` on #${incidentNumber} to create them.`,
    );
    return { kind: "invalid", problems };
  }
  const loaded = await repairIfNeeded(deps, found, incident, config);
  if (!loaded.state.declared) return { kind: "ignored", reason: `#${incidentNumber} is not an incident` };

  // The merge is the post-mortem done (the metrics report counts it), whatever its front matter says.
  const merged: IncidentEvent[] =
    loaded.state.postmortemMergedAt === null
      ? [
          {
            type: "postmortem-merged",
            at: pull.merged_at ?? deps.now().toISOString(),
            actor: pull.merged_by?.login ?? payload.sender?.login ?? "ghost",
            pullNumber: pull.number,
          },
        ]
      : [];
  const recordMerge = () =>
    merged.length
      ? saveIncident(deps, incident, withEvents(loaded, merged), { config, configProblems: problems })
      : Promise.resolve();

  const path = incidentPostmortemPath(incident, loaded.state, config.postmortem.directory);
  const markdown = await port.readFile(path, pull.base.ref);
  if (markdown === null) {
    await recordMerge();
    await reply(
      `Hotwash could not find the post-mortem at \`${path}\` on \`${pull.base.ref}\`, so it created no action items. If the file moved, open them with \`/action\` on #${incidentNumber}.`,
    );
    return { kind: "invalid", problems: [`${path} not found`] };
  }

  const actor = pull.merged_by?.login ?? payload.sender?.login ?? "ghost";
  const sync = await syncActionItems(deps, {
    incident,
    loaded,
    config,
    markdown,
    actor,
    origin: `the post-mortem in #${pull.number}`,
  });
  if (!sync.ok) {
    await recordMerge();
    await reply(
      [
        `⚠️ Hotwash created **no** action items: the post-mortem's front matter (\`${path}\` on \`${pull.base.ref}\`) has problems.`,
        sync.problems.map((p) => `- ${p}`).join("\n"),
        `Fix them on \`${pull.base.ref}\`, then run \`/postmortem\` on #${incidentNumber} (or redeliver this webhook): only the missing items are created.`,
      ].join("\n\n"),
    );
    return { kind: "invalid", problems: sync.problems };
  }
  if (merged.length || sync.events.length) {
    try {
      await saveIncident(deps, incident, withEvents(loaded, [...merged, ...sync.events]), {
        config,
        configProblems: problems,
      });
    } catch (error) {
      // The issues exist and link back to the incident; the reply says they could not be recorded.
      deps.log?.warn("could not record the action items on the incident", { error: String(error) });
      sync.failure ??= explainFailure(error, `Recording them on #${incidentNumber}`);
    }
  }
  // A redelivery that finds everything in place stays quiet.
  if (sync.created.length || sync.failure) await reply(describeSync(sync, incidentNumber).join("\n\n"));
  return {
    kind: "done",
    created: sync.created.map((c) => c.issue.number),
    existing: sync.existing.map((e) => e.issue),
    failure: sync.failure,
  };
}
