/**
 * The service catalog: `services.<name>` with owners, runbook, dashboards and tier; an incident's
 * services (from the form or `/service`) on the board, in dispatch replies, escalations and `/help`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import { parseConfig } from "../../src/core/config/parse.js";
import { createWorld, REPO, type World } from "./harness.js";
import * as hooks from "../support/webhooks.js";

const RUNBOOK = "https://runbooks.example.com/api";
const CATALOG = {
  api: {
    environment: "production",
    owners: ["@acme/payments", "acme/platform"],
    runbook: RUNBOOK,
    dashboards: { Latency: "https://grafana.example.com/d/api-latency" },
    tier: 1,
  },
  web: { owners: ["acme/frontend"], tier: 3 },
  worker: {},
};
const CONFIG = {
  services: CATALOG,
  severities: {
    sev1: { name: "Critical", escalate: ["@acme/sre", "@acme/payments"] },
    sev2: { name: "High" },
  },
};

async function incident(w: World, body = "/incident sev2"): Promise<number> {
  const issue = w.openIssue("Checkout errors").number;
  expect((await w.comment(issue, "bob", body)).kind).toBe("done");
  w.tick(1);
  return issue;
}

const last = (w: World, issue: number) => w.replies(issue).at(-1) ?? "";
/** The services as last set in the board's log (the fold of its `services` entries). */
const services = (w: World, issue: number) =>
  (readBoardData(w.board(issue))?.events ?? []).reduce<string[]>(
    (list, e) => (e.type === "services" ? e.services : list),
    [],
  );

describe("/service sets the incident's services", () => {
  it("records the list and the board shows owners, runbook, dashboards and tier without notifying", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    const out = await w.comment(issue, "carol", "/service api web");

    expect(out.kind).toBe("done");
    expect(services(w, issue)).toEqual(["api", "web"]);
    const board = w.board(issue);
    expect(board).toContain("### Services");
    expect(board).toMatch(/`api` · tier 1 · owners @\u200bacme\/payments, @\u200bacme\/platform/);
    expect(board).toContain(`[runbook](${RUNBOOK})`);
    expect(board).toContain("[Latency](https://grafana.example.com/d/api-latency)");
    expect(board).toMatch(/`web` · tier 3 · owners @\u200bacme\/frontend/);
    // The board never pages anyone: no bare team mention anywhere in it.
    expect(board).not.toMatch(/(^|[^\w\u200b])@acme\//m);
    expect(board).toContain("Affected services: `api`, `web`");
  });

  it("works the same in the Action", async () => {
    const w = createWorld({ config: CONFIG, face: "action" });
    const issue = await incident(w);
    await w.comment(issue, "carol", "/service web");
    expect(services(w, issue)).toEqual(["web"]);
    expect(w.board(issue)).toMatch(/`web` · tier 3 · owners @\u200bacme\/frontend/);
  });

  it("replaces the list, and says so when it is unchanged", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    await w.comment(issue, "carol", "/service api web");
    await w.comment(issue, "carol", "/service WEB");
    expect(services(w, issue)).toEqual(["web"]);
    await w.comment(issue, "carol", "/service web");
    expect(last(w, issue)).toContain("The incident's services are already `web`.");
  });

  it("refuses an unknown service with the known ones, and changes nothing", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    await w.comment(issue, "carol", "/service api billing");
    const reply = last(w, issue);
    expect(reply).toContain("`billing` is not a configured service");
    expect(reply).toContain("`api`, `web`, `worker`");
    expect(reply).toContain("/service <service…>");
    expect(services(w, issue)).toEqual([]);
  });

  it("refuses a read-only user", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    await w.comment(issue, "dave", "/service api");
    expect(services(w, issue)).toEqual([]);
    expect(last(w, issue)).toMatch(/triage/);
  });
});

describe("the incident form's Affected services", () => {
  it("records the catalog services it names at declaration", async () => {
    const w = createWorld({ config: CONFIG });
    const body =
      "### Severity\n\nsev2\n\n### What is happening?\n\nCheckout is down.\n\n### Affected services\n\nAPI, web and the CDN\n\n### Links\n\n_No response_";
    const issue = w.openIssue("Incident: checkout", { labels: ["incident"], body });
    expect((await w.deliver("issues", hooks.issuesOpened({ issue }))).kind).toBe("done");
    expect(services(w, issue.number)).toEqual(["api", "web"]);
    expect(w.board(issue.number)).toContain("### Services");
  });

  it("a sev1 form pages the owners of the services it names", async () => {
    const w = createWorld({ config: CONFIG });
    const body =
      "### Severity\n\nsev1\n\n### What is happening?\n\nCheckout is down.\n\n### Affected services\n\nweb";
    const issue = w.openIssue("Incident: checkout", { labels: ["incident"], body });
    await w.deliver("issues", hooks.issuesOpened({ issue }));
    expect(last(w, issue.number).split("\n")).toContain(
      "🚨 **Escalated to sev1 (Critical)**: @acme/sre @acme/payments @acme/frontend",
    );
  });

  it("records nothing for an unanswered field", async () => {
    const w = createWorld({ config: CONFIG });
    const body =
      "### Severity\n\nsev2\n\n### What is happening?\n\nCheckout is down.\n\n### Affected services\n\n_No response_";
    const issue = w.openIssue("Incident: checkout", { labels: ["incident"], body });
    await w.deliver("issues", hooks.issuesOpened({ issue }));
    expect(services(w, issue.number)).toEqual([]);
    expect(w.board(issue.number)).not.toContain("### Services");
  });
});

describe("runbooks in dispatch replies", () => {
  it("/diagnose links the service's runbook", async () => {
    const w = createWorld({ config: CONFIG });
    w.sim.setFile(
      REPO,
      ".github/workflows/hotwash-diagnose.yml",
      readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8"),
    );
    const issue = await incident(w);
    await w.comment(issue, "bob", "/diagnose api");
    expect(last(w, issue)).toContain(`📖 Runbook for \`api\`: [runbook](${RUNBOOK})`);
  });

  it("/rollback links the service's runbook", async () => {
    const w = createWorld({ config: CONFIG });
    w.sim.setFile(
      REPO,
      ".github/workflows/hotwash-rollback.yml",
      readFileSync(".github/workflows/hotwash-rollback.yml", "utf8"),
    );
    const issue = await incident(w);
    await w.comment(issue, "alice", "/rollback api to v1.4.2");
    expect(last(w, issue)).toContain("Dispatched `hotwash-rollback.yml`");
    expect(last(w, issue)).toContain(`📖 Runbook for \`api\`: [runbook](${RUNBOOK})`);
  });

  it("says nothing about a runbook for a service without one", async () => {
    const w = createWorld({ config: CONFIG });
    w.sim.setFile(
      REPO,
      ".github/workflows/hotwash-diagnose.yml",
      readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8"),
    );
    const issue = await incident(w);
    await w.comment(issue, "bob", "/diagnose web");
    expect(last(w, issue)).not.toContain("Runbook");
  });
});

describe("a raise pages the owners of the incident's services", () => {
  it("mentions severity contacts and service owners once each", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    await w.comment(issue, "carol", "/service api web");
    await w.comment(issue, "bob", "/sev1");
    expect(last(w, issue).split("\n")).toContain(
      "🚨 **Escalated to sev1 (Critical)**: @acme/sre @acme/payments @acme/platform @acme/frontend",
    );
  });

  it("leaves owners alone on a raise to a severity that pages nobody", async () => {
    const w = createWorld({
      config: { services: CATALOG, severities: { sev1: { name: "Critical" }, sev2: { name: "High" } } },
    });
    const issue = await incident(w);
    await w.comment(issue, "carol", "/service web");
    await w.comment(issue, "bob", "/sev1");
    expect(w.replies(issue).join("\n")).not.toContain("Escalated");
    expect(w.replies(issue).join("\n")).not.toMatch(/(^|[^\w\u200b])@acme\//m);
  });

  it("never pages for a drill", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w, "/drill sev2 Game day");
    await w.comment(issue, "carol", "/service api");
    await w.comment(issue, "bob", "/sev1");
    expect(w.replies(issue).join("\n")).not.toContain("Escalated");
  });
});

describe("/help lists the catalog", () => {
  it("shows each service with tier, owners (not notified) and runbook", async () => {
    const w = createWorld({ config: CONFIG });
    const issue = await incident(w);
    await w.comment(issue, "dave", "/help");
    const help = last(w, issue);
    expect(help).toContain("| Service | Tier | Owners | Runbook |");
    expect(help).toContain(
      `| \`api\` | 1 | @\u200bacme/payments, @\u200bacme/platform | [runbook](${RUNBOOK}) |`,
    );
    expect(help).toContain("| `worker` | — | — | — |");
    expect(help).toContain("`/service <service…>`");
  });
});

describe("catalog config validation", () => {
  it.each([
    [{ runbook: "ftp://runbooks.example.com/api" }, "services.api.runbook"],
    [{ runbook: "not a url" }, "services.api.runbook"],
    [{ dashboards: { Latency: "javascript:alert(1)" } }, "services.api.dashboards.Latency"],
    [{ owners: ["payments"] }, "services.api.owners.0"],
    [{ tier: 7 }, "services.api.tier"],
  ])("rejects %j", (service, path) => {
    const result = parseConfig({ services: { api: service } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toContain(path);
  });

  it("keeps a service without catalog keys working", () => {
    const result = parseConfig({ services: { api: { environment: "production" } } });
    expect(result.ok && result.config.services["api"]).toMatchObject({
      owners: [],
      runbook: null,
      dashboards: {},
      tier: null,
    });
  });
});
