import { parseArgs } from "node:util";
import { createRestClient } from "../github/client.js";
import { createOctokitPort } from "../github/octokit-port.js";
import type { ServiceDeps } from "../services/deps.js";

/** `--repo owner/name --issue N` plus GITHUB_TOKEN → service dependencies against real GitHub. */
export function cliDeps(repoArg: string | undefined, env: NodeJS.ProcessEnv = process.env): ServiceDeps {
  const [owner, repo] = (repoArg ?? "").split("/");
  if (!owner || !repo) throw new Error("--repo owner/name is required");
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new Error("Set GITHUB_TOKEN to a token that can read the repository's issues.");
  const apiUrl = env.GITHUB_API_URL ?? "https://api.github.com";
  const webUrl =
    apiUrl === "https://api.github.com" ? "https://github.com" : apiUrl.replace(/\/api\/v3\/?$/, "");
  return {
    // A person's token: Hotwash's comments are a bot's (HOTWASH_BOT_LOGIN names which).
    port: createOctokitPort(
      createRestClient({ token, baseUrl: apiUrl }),
      { owner, repo },
      { identity: env.HOTWASH_BOT_LOGIN || null },
    ),
    now: () => new Date(),
    repoUrl: `${webUrl}/${owner}/${repo}`,
    ...(env.HOTWASH_SIGNING_KEY ? { trust: { signingKey: env.HOTWASH_SIGNING_KEY } } : {}),
  };
}

export function issueNumberArg(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error("--issue N (the incident's issue number) is required");
  return n;
}

export { parseArgs };
