import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSim, serveSim } from "../support/sim.js";
import { webhookHeaders } from "../support/sign.js";
import * as hooks from "../support/webhooks.js";
import { builtApp, startApp, stopApps, WEBHOOK_SECRET, withHotwashLabels } from "./built-app.js";

const REPO = "acme/shop";

/**
 * A webhook proxy channel as smee.io serves one, on loopback: clients hold an event stream open,
 * and each webhook GitHub sends to the channel is pushed to them as an event of its headers and body.
 */
async function proxyChannel() {
  const clients = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(": connected\n\n");
    clients.add(res);
    req.once("close", () => clients.delete(res));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hotwash-dev`,
    clients,
    send(event: string, payload: unknown): void {
      const body = JSON.stringify(payload);
      const data = { ...webhookHeaders(WEBHOOK_SECRET, event, body, randomUUID()), body: payload };
      for (const client of clients) client.write(`data: ${JSON.stringify(data)}\n\n`);
    },
  };
}

const cleanups: Array<() => Promise<void>> = [];

describe("development through a webhook proxy (WEBHOOK_PROXY_URL)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await builtApp();
  }, 180_000);
  afterEach(async () => {
    await stopApps();
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it("registers the App with the proxy as its webhook URL (app.yml does not override it)", async () => {
    const channel = await proxyChannel();
    // No APP_ID: `npm start` serves Probot's setup page, whose button posts this manifest to GitHub.
    const app = await startApp(dir, { env: { WEBHOOK_PROXY_URL: channel.url } });
    const page = await (await fetch(`${app.url}/probot`)).text();
    const manifest = JSON.parse(
      /name="manifest" id="manifest" value='([^']*)'/.exec(page)?.[1] ?? "null",
    ) as {
      hook_attributes: { url: string };
      default_events: string[];
      default_permissions: Record<string, string>;
    };
    expect(manifest.hook_attributes.url).toBe(channel.url);
    expect(manifest.default_events).toEqual([
      "issue_comment",
      "issues",
      "workflow_run",
      "pull_request",
      "deployment_status",
    ]);
    expect(manifest.default_permissions).toMatchObject({ issues: "write", actions: "write" });
  }, 60_000);

  it("handles the webhooks GitHub sends to the proxy", async () => {
    const sim = createSim();
    sim.createRepo(REPO);
    sim.setPermission(REPO, "bob", "write");
    withHotwashLabels(sim, REPO);
    const api = await serveSim(sim);
    const channel = await proxyChannel();
    const app = await startApp(dir, {
      appId: sim.app.id,
      gheHost: api.host,
      env: { WEBHOOK_PROXY_URL: channel.url },
    });
    await vi
      .waitFor(() => expect(channel.clients.size).toBe(1), { timeout: 10_000, interval: 100 })
      .catch(() => {
        throw new Error(`npm start never connected to WEBHOOK_PROXY_URL:\n${app.output()}`);
      });

    const issue = sim.createIssue(REPO, { title: "Checkout down", as: "bob" });
    const comment = sim.createComment(REPO, issue.number, "/incident sev2", "bob");
    channel.send("issue_comment", hooks.issueCommentCreated({ issue, comment }));
    await vi.waitFor(
      () =>
        expect(sim.issueLabels(REPO, issue.number).sort()).toEqual([
          "incident",
          "sev2",
          "status:investigating",
        ]),
      { timeout: 30_000, interval: 200 },
    );
  }, 60_000);
});
