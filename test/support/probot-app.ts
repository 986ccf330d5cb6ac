/** The App as `npm start` serves it, for tests: Probot's webhook middleware on loopback HTTP, talking to a sim. */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterEach } from "vitest";
import { createHotwash } from "../../src/app/index.js";
import type { GitHubSim } from "../../src/sim/index.js";
import { webhookHeaders } from "./sign.js";
import { serveSim } from "./sim.js";

export const WEBHOOK_SECRET = "test-webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

export interface TestApp {
  /** POST a webhook signed with the App's secret (or `secret`); resolves the HTTP status. */
  post(event: string, payload: unknown, opts?: { id?: string; secret?: string }): Promise<number>;
}

/**
 * Probot with a GitHub Enterprise base URL pointing at the sim; retries off, and throttling off for
 * speed unless `throttled` (then as Probot ships it: an installation's writes a second apart).
 */
export async function startApp(sim: GitHubSim, opts: { throttled?: boolean } = {}): Promise<TestApp> {
  const api = await serveSim(sim);
  const probot = new Probot({
    appId: sim.app.id,
    privateKey,
    secret: WEBHOOK_SECRET,
    baseUrl: api.gheUrl,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: Boolean(opts.throttled) },
    })),
  });
  const middleware = await createNodeMiddleware(createHotwash({ reminderIntervalMinutes: 0 }), { probot });
  const server = createServer((req, res) => void middleware(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  return {
    async post(event, payload, opts = {}) {
      const body = JSON.stringify(payload);
      const response = await fetch(url, {
        method: "POST",
        headers: webhookHeaders(opts.secret ?? WEBHOOK_SECRET, event, body, opts.id ?? randomUUID()),
        body,
      });
      await response.text();
      return response.status;
    },
  };
}
