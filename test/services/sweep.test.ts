/**
 * The App's reminder sweep over a whole installation, through the simulator: what it costs in
 * requests, and that every incident it should remind is reminded, once.
 */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createInstallationPort } from "../../src/github/installations.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import { IncidentLabels } from "../../src/services/incident-labels.js";
import { SweepMemory, sweepInstallation } from "../../src/services/installation-sweep.js";
import { routeEvent, type WebhookPayload } from "../../src/services/route.js";
import type { GitHubSim } from "../../src/sim/index.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

const BOARD = "<!-- hotwash:board -->";

interface OrgOptions {
  repos: string[];
  configs?: Record<string, unknown>;
  /** An installation on these repositories only. */
  selected?: string[];
}

function orgWorld(opts: OrgOptions) {
  const clock = { now: new Date("2026-11-23T10:00:00Z") };
  const sim = createSim({
    now: () => clock.now,
    ...(opts.selected ? { app: { repositories: opts.selected } } : {}),
  });
  sim.addUser("bob");
  for (const repo of opts.repos) {
    sim.createRepo(repo);
    sim.setPermission(repo, "bob", "write");
  }
  for (const [repo, config] of Object.entries(opts.configs ?? {}))
    sim.setFile(repo, ".github/hotwash.yml", stringify(config));
  interceptWithNock(sim);
  const octokit = testOctokit();
  const memory = new SweepMemory(new IncidentLabels());
  const logged: { message: string; extra: Record<string, unknown> }[] = [];
  const urls: string[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = (req) => {
    urls.push(req.url);
    return handle(req);
  };
  const deps = (repo: string) => {
    const [owner = "", name = ""] = repo.split("/");
    return {
      port: createOctokitPort(octokit, { owner, repo: name }),
      now: () => clock.now,
      repoUrl: `https://github.com/${repo}`,
    };
  };
  return {
    sim,
    logged,
    urls,
    tick(minutes: number) {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
    async command(repo: string, issue: number, body: string) {
      const comment = sim.createComment(repo, issue, body, "bob");
      const payload = hooks.issueCommentCreated({ issue: sim.issue(repo, issue), comment });
      return routeEvent(deps(repo), "issue_comment", payload as unknown as WebhookPayload);
    },
    async declare(repo: string, command = "/incident sev2 Checkout errors") {
      const issue = sim.createIssue(repo, { title: "Checkout errors", as: "bob" }).number;
      await this.command(repo, issue, command);
      return issue;
    },
    /** One tick of the App's sweep for this installation (a new port, as each tick makes). */
    async sweep() {
      const before = sim.requests.length;
      // The App knows its own login (as index.ts passes it): no request to learn it.
      const port = createInstallationPort(
        octokit,
        {
          account: { login: "acme", type: "Organization" },
          repository_selection: opts.selected ? "selected" : "all",
        },
        { identity: sim.botLogin },
      );
      const outcome = await sweepInstallation(port, {
        now: () => clock.now,
        memory,
        log: {
          info: (message, extra = {}) => logged.push({ message, extra }),
          warn: (message, extra = {}) => logged.push({ message, extra }),
        },
      });
      const made = sim.requests.slice(before);
      return {
        outcome,
        requests: made.length,
        counted: made.filter((r) => r.status !== 304).length,
        routes: made.map((r) => `${r.method} ${r.route} ${r.status}`),
      };
    },
    replies(repo: string, issue: number) {
      return sim
        .comments(repo, issue)
        .filter((c) => c.user?.login === sim.botLogin && !c.body?.startsWith(BOARD))
        .map((c) => c.body ?? "");
    },
  };
}

function repos(n: number, name = (i: number) => `acme/repo-${i}`): string[] {
  return Array.from({ length: n }, (_, i) => name(i));
}

function reminders(sim: GitHubSim, repo: string, issue: number): string[] {
  return (
    sim
      .comments(repo, issue)
      // Not the board or hidden log pages (they record reminders too): the reminder comments.
      .filter((c) => c.user?.login === sim.botLogin && !c.body?.startsWith("<!-- hotwash:"))
      .filter((c) => /⏰|🚨|📝|📌/.test(c.body ?? ""))
      .map((c) => c.body ?? "")
  );
}

describe("finding incidents across an installation", () => {
  it("costs one search a tick, however many repositories have none (closed incidents: hourly)", async () => {
    const w = orgWorld({ repos: repos(100) });
    await w.sweep();
    w.tick(5);
    expect((await w.sweep()).routes).toEqual(["GET /search/issues 200"]);
    // An hour on: the repository list again too (new repositories' configs are read then).
    w.tick(60);
    expect((await w.sweep()).routes.sort()).toEqual([
      "GET /installation/repositories 200",
      "GET /search/issues 200",
      "GET /search/issues 200",
    ]);
  });

  it("reads the boards of 50 open incidents with nothing due in one request: at most 5 requests a tick", async () => {
    const w = orgWorld({ repos: ["acme/shop"], configs: { "acme/shop": { timezone: "UTC" } } });
    for (let i = 0; i < 50; i++) await w.declare("acme/shop");
    await w.sweep();
    const next = await w.sweep();
    expect(next.outcome.incidents).toBe(50);
    expect(next.requests, next.routes.join("\n")).toBeLessThanOrEqual(5);
    expect(next.routes.filter((r) => r.startsWith("POST /graphql"))).toHaveLength(1);
    // The config has not changed: it is revalidated, and the 304 does not count.
    expect(next.routes).toContain("GET /repos/{owner}/{repo}/contents/{path} 304");
    expect(next.counted).toBeLessThanOrEqual(3);
  });

  it("spreads over repositories without costing a counted request per repository", async () => {
    const names = repos(5);
    const w = orgWorld({
      repos: names,
      configs: Object.fromEntries(names.map((n) => [n, { timezone: "UTC" }])),
    });
    for (const name of names) for (let i = 0; i < 10; i++) await w.declare(name);
    await w.sweep();
    const next = await w.sweep();
    expect(next.outcome.incidents).toBe(50);
    expect(next.counted).toBeLessThanOrEqual(5);
  });

  it("finds incidents in repositories whose config renames the incident label, and only issues with that repository's label", async () => {
    const w = orgWorld({
      repos: ["acme/shop", "acme/ops"],
      configs: { "acme/ops": { labels: { incident: "outage" } } },
    });
    const renamed = await w.declare("acme/ops");
    const plain = await w.declare("acme/shop");
    // "incident" means nothing in acme/ops, and "outage" nothing in acme/shop.
    const notOps = w.sim.createIssue("acme/ops", {
      title: "Incident review",
      labels: ["incident"],
      as: "bob",
    });
    const notShop = w.sim.createIssue("acme/shop", { title: "Outage", labels: ["outage"], as: "bob" });
    expect(w.sim.issueLabels("acme/ops", renamed)).toContain("outage");
    w.tick(61);

    const { outcome } = await w.sweep();
    expect([...new Set(outcome.reminders.map((r) => `${r.repo}#${r.issue}`))].sort()).toEqual([
      `acme/ops#${renamed}`,
      `acme/shop#${plain}`,
    ]);
    expect(reminders(w.sim, "acme/ops", renamed)[0]).toContain("a status update was due");
    expect(w.sim.comments("acme/ops", notOps.number)).toEqual([]);
    expect(w.sim.comments("acme/shop", notShop.number)).toEqual([]);
  });

  it("includes closed incidents that still owe a post-mortem, through the same search", async () => {
    const w = orgWorld({ repos: ["acme/shop"] });
    const issue = await w.declare("acme/shop", "/incident sev1 Payments down");
    await w.command("acme/shop", issue, "/resolve fixed");
    w.sim.closeIssue("acme/shop", issue, "bob");
    w.tick(72 * 60);

    const sweep = await w.sweep();
    expect(reminders(w.sim, "acme/shop", issue).at(-1)).toContain("post-mortem");
    // Nothing listed per repository: no issue lists, no comment pages.
    expect(sweep.routes.filter((r) => r.startsWith("GET /repos/{owner}/{repo}/issues "))).toEqual([]);
    expect(
      sweep.routes.filter((r) => r.startsWith("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")),
    ).toEqual([]);
  });

  it("searches only the selected repositories of an installation, in queries GitHub accepts", async () => {
    const names = repos(40, (i) => `acme/a-service-with-a-rather-long-repository-name-${i}`);
    const w = orgWorld({ repos: [...names, "acme/not-selected"], selected: names });
    const first = await w.declare(names[3] ?? "");
    const last = await w.declare(names[39] ?? "");
    const outside = await w.declare("acme/not-selected");
    w.tick(61);

    w.urls.length = 0;
    await w.sweep();
    expect(reminders(w.sim, names[3] ?? "", first)).toHaveLength(1);
    expect(reminders(w.sim, names[39] ?? "", last)).toHaveLength(1);
    expect(reminders(w.sim, "acme/not-selected", outside)).toEqual([]);
    const queries = w.urls
      .filter((u) => u.includes("/search/issues"))
      .map((u) => new URL(u, "https://api.github.com").searchParams.get("q") ?? "");
    expect(queries.length).toBeGreaterThan(2);
    for (const q of queries) expect(q.length).toBeLessThanOrEqual(256);
  });
});

describe("reminding", () => {
  it("posts a reminder once per window: the next sweep posts nothing", async () => {
    const w = orgWorld({ repos: ["acme/shop"] });
    const issue = await w.declare("acme/shop");
    w.tick(61);
    const first = await w.sweep();
    expect(first.outcome.reminders.length).toBeGreaterThan(0);
    const second = await w.sweep();
    expect(second.outcome.reminders).toEqual([]);
    expect(reminders(w.sim, "acme/shop", issue)).toHaveLength(1);
  });

  it("posts a reminder once per window when old entries live in hidden log pages", async () => {
    const w = orgWorld({ repos: ["acme/shop"], configs: { "acme/shop": { maxTextLength: 10_000 } } });
    const issue = await w.declare("acme/shop");
    for (let i = 0; i < 8; i++) await w.command("acme/shop", issue, `/note ${String(i).repeat(9_000)}`);
    w.tick(61);
    await w.sweep();
    await w.sweep();
    w.tick(5);
    await w.sweep();
    expect(reminders(w.sim, "acme/shop", issue)).toHaveLength(1);
  });

  it("does not let one failing incident stop the others, and logs the failure with its issue number", async () => {
    const w = orgWorld({ repos: ["acme/shop"] });
    const issues = [await w.declare("acme/shop"), await w.declare("acme/shop"), await w.declare("acme/shop")];
    w.tick(61);
    w.sim.failNext({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      status: 500,
    });

    const { outcome } = await w.sweep();
    expect(new Set(outcome.reminders.map((r) => r.issue)).size).toBe(2);
    expect(outcome.failures).toHaveLength(1);
    const failed = outcome.failures[0]?.issue;
    expect(issues).toContain(failed);
    expect(w.logged.some((l) => l.extra["issue"] === failed && /failed/.test(l.message))).toBe(true);
    for (const issue of issues.filter((n) => n !== failed))
      expect(reminders(w.sim, "acme/shop", issue)).toHaveLength(1);
  });
});

describe("IncidentLabels", () => {
  it("lists an account's distinct labels, and forgets the accounts noted longest ago past its size", () => {
    const labels = new IncidentLabels(3);
    labels.note({ owner: "acme", repo: "shop" }, "incident");
    labels.note({ owner: "acme", repo: "ops" }, "Outage");
    labels.note({ owner: "acme", repo: "web" }, "outage");
    expect(labels.forOwner("ACME")).toEqual(["incident", "outage"]);
    labels.note({ owner: "globex", repo: "api" }, "sev");
    expect(labels.forOwner("acme")).toEqual([]);
    expect(labels.forOwner("globex")).toEqual(["sev"]);
  });
});
