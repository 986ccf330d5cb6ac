import type { Context, Probot } from "probot";
import type { OctokitClient } from "../github/octokit-port.js";

/**
 * The webhook's client, throttled in its installation's own queue. Probot builds `context.octokit`
 * without the installation in its throttle options, so every installation shares one Bottleneck
 * key ("no-id") and its write queue (a second between writes): one customer's burst delays every
 * other customer. `app.auth(id)` builds the same client with `throttle.id` set to the installation
 * (with REDIS_URL: its own keys in the Bottleneck connection the replicas share), and takes its
 * token from the same cache, so it costs no request.
 */
export async function installationOctokit(app: Probot, context: Context): Promise<OctokitClient> {
  const id = (context.payload as { installation?: { id?: number } }).installation?.id;
  const octokit = id ? await app.auth(id) : context.octokit;
  return octokit as unknown as OctokitClient;
}
