/**
 * `installation.created` and `installation_repositories.added` payloads: GitHub's example payloads
 * (`@octokit/webhooks-examples`) pointed at the simulator's installation, account and repositories.
 */
import { createRequire } from "node:module";
import type { EmitterWebhookEvent } from "@octokit/webhooks";
import type { GitHubSim } from "../../src/sim/index.js";

type Json = Record<string, unknown>;
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Json[];
}[];

function example(event: string, action: string): Json {
  const found = definitions.find((d) => d.name === event)?.examples.find((e) => e["action"] === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(found);
}

/** The short repository objects installation payloads carry. */
function repositories(sim: GitHubSim, fullNames: string[]): Json[] {
  return fullNames.map((fullName) => {
    const r = sim.repository(fullName);
    return { id: r.id, node_id: r.node_id, name: r.name, full_name: r.full_name, private: r.private };
  });
}

/** The example for `event.action`, its installation, account and sender the sim's, `repositories` set. */
function payloadFor(
  sim: GitHubSim,
  [event, action]: [string, string],
  fullNames: string[],
  sender: string,
  repositoriesKey: string,
): Json {
  const payload = example(event, action);
  payload[repositoriesKey] = repositories(sim, fullNames);
  delete payload["requester"];
  const account = sim.user(fullNames[0]?.split("/")[0] ?? sender);
  payload["installation"] = {
    ...(payload["installation"] as Json),
    id: sim.app.installationId,
    app_id: sim.app.id,
    account,
    target_id: account.id,
    target_type: account.type,
  };
  payload["sender"] = sim.user(sender);
  return payload;
}

export function installationCreated(
  sim: GitHubSim,
  fullNames: string[],
  sender: string,
): EmitterWebhookEvent<"installation.created">["payload"] {
  return payloadFor(
    sim,
    ["installation", "created"],
    fullNames,
    sender,
    "repositories",
  ) as EmitterWebhookEvent<"installation.created">["payload"];
}

export function installationRepositoriesAdded(
  sim: GitHubSim,
  fullNames: string[],
  sender: string,
): EmitterWebhookEvent<"installation_repositories.added">["payload"] {
  const payload = payloadFor(
    sim,
    ["installation_repositories", "added"],
    fullNames,
    sender,
    "repositories_added",
  );
  payload["repositories_removed"] = [];
  payload["repository_selection"] = "selected";
  return payload as EmitterWebhookEvent<"installation_repositories.added">["payload"];
}
