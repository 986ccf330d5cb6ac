/**
 * A repository in the simulator with people at every permission level, and helpers that deliver
 * events to Hotwash exactly as the App does: a webhook payload through `routeEvent`, with a new
 * port (and so a new per-delivery cache) for every delivery.
 */
import { stringify } from "yaml";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { routeEvent, type RouteOutcome, type WebhookPayload } from "../../src/services/route.js";
import type { GitHubSim, RestIssue } from "../../src/sim/index.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";

export const REPO = "acme/shop";
/** The key the harness's Hotwash signs its boards with (as the App does with its own). */
export const TEST_SIGNING_KEY = "hotwash-test-signing-key";
const ACTION_BOT = "github-actions[bot]";
export const PEOPLE = {
  alice: "maintain",
  bob: "write",
  carol: "triage",
  dave: "read",
} as const;

export interface World {
  sim: GitHubSim;
  clock: { now: Date };
  /** Advance the clock by minutes. */
  tick(minutes: number): void;
  deps(): ServiceDeps;
  openIssue(title: string, opts?: { labels?: string[]; body?: string; as?: string }): RestIssue;
  /** Post a comment as `login` and deliver `issue_comment.created` for it. */
  comment(issue: number, login: string, body: string): Promise<RouteOutcome & { commentId: number }>;
  deliver(event: string, payload: unknown): Promise<RouteOutcome>;
  labels(issue: number): string[];
  assignees(issue: number): string[];
  board(issue: number): string;
  /** Bot replies (not the board), oldest first. */
  replies(issue: number): string[];
  reactions(commentId: number): string[];
}

export function createWorld(
  opts: {
    config?: Record<string, unknown> | string;
    ghesMode?: boolean;
    /** "action": Hotwash acts as the workflow's github-actions[bot] without a signing key, as the Action does by default. */
    face?: "app" | "action";
  } = {},
): World {
  const clock = { now: new Date("2026-11-23T10:00:00Z") };
  const sim = createSim({ now: () => clock.now, ...(opts.ghesMode ? { ghesMode: true } : {}) });
  sim.createRepo(REPO);
  for (const [login, permission] of Object.entries(PEOPLE)) {
    sim.addUser(login);
    sim.setPermission(REPO, login, permission);
  }
  sim.addUser("mallory");
  if (opts.config !== undefined) {
    const text = typeof opts.config === "string" ? opts.config : stringify(opts.config);
    sim.setFile(REPO, ".github/hotwash.yml", text);
  }
  interceptWithNock(sim);
  const asAction = opts.face === "action";
  const bot = asAction ? ACTION_BOT : sim.botLogin;
  const octokit = asAction
    ? testOctokit("https://api.github.com", sim.createToken(ACTION_BOT))
    : testOctokit();
  // As the App runs: it knows its bot's login and signs boards with a key only it holds.
  const deps = (): ServiceDeps => ({
    port: createOctokitPort(octokit, { owner: "acme", repo: "shop" }, { identity: bot }),
    now: () => clock.now,
    repoUrl: "https://github.com/acme/shop",
    trust: asAction ? {} : { signingKey: TEST_SIGNING_KEY },
  });
  const world: World = {
    sim,
    clock,
    tick: (minutes) => {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
    deps,
    openIssue: (title, o = {}) =>
      sim.createIssue(REPO, { title, body: o.body ?? "", labels: o.labels ?? [], as: o.as ?? "bob" }),
    async comment(issue, login, body) {
      const comment = sim.createComment(REPO, issue, body, login);
      const payload = hooks.issueCommentCreated({
        issue: sim.issue(REPO, issue),
        comment,
        sender: sim.user(login),
      });
      const outcome = await routeEvent(deps(), "issue_comment", payload as unknown as WebhookPayload);
      return { ...outcome, commentId: comment.id };
    },
    deliver: (event, payload) => routeEvent(deps(), event, payload as WebhookPayload),
    labels: (issue) => sim.issueLabels(REPO, issue).sort(),
    assignees: (issue) => sim.issueAssignees(REPO, issue),
    board(issue) {
      const board = sim
        .comments(REPO, issue)
        .find((c) => c.user?.login === bot && c.body?.startsWith("<!-- hotwash:board -->"));
      return board?.body ?? "";
    },
    replies: (issue) =>
      sim
        .comments(REPO, issue)
        .filter((c) => c.user?.login === bot && !c.body?.startsWith("<!-- hotwash:board -->"))
        .map((c) => c.body ?? ""),
    reactions: (commentId) => sim.reactionsBy(REPO, commentId, bot),
  };
  return world;
}
