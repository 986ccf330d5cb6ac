import { readFileSync } from "node:fs";
import type { Probot } from "probot";
import type { Trust } from "../services/trust-options.js";

/**
 * Who the App is and what signs its boards, for every handler and sweep of this process: its bot
 * login (`slug[bot]`, asked once with the App's own token, on first need), and a key that only the
 * App holds.
 */
export interface AppSelf {
  identity: () => Promise<string>;
  trust: Trust;
}

export function appSelf(app: Probot, env: NodeJS.ProcessEnv = process.env): AppSelf {
  let login: Promise<string> | undefined;
  const identity = () => {
    login ??= (async () => {
      const octokit = (await app.auth()) as unknown as {
        request(route: "GET /app"): Promise<{ data: { slug?: string } | null }>;
      };
      const slug = (await octokit.request("GET /app")).data?.slug;
      if (!slug) throw new Error("GitHub did not say the App's slug (GET /app)");
      return `${slug}[bot]`;
    })().catch((error: unknown) => {
      login = undefined;
      throw error;
    });
    return login;
  };
  const key = signingSecret(env);
  return { identity, trust: key ? { signingKey: key } : {} };
}

/**
 * HOTWASH_SIGNING_KEY, else the App's private key as Probot is given it (PRIVATE_KEY, or the file
 * at PRIVATE_KEY_PATH). Replicas share it; rotating it makes each board's next read check its last
 * editor once (one GraphQL request) before the board is signed again.
 */
function signingSecret(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HOTWASH_SIGNING_KEY) return env.HOTWASH_SIGNING_KEY;
  if (env.PRIVATE_KEY) return env.PRIVATE_KEY;
  if (!env.PRIVATE_KEY_PATH) return undefined;
  try {
    return readFileSync(env.PRIVATE_KEY_PATH, "utf8");
  } catch {
    return undefined;
  }
}
