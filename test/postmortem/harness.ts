import { BOARD_MARKER } from "../../src/core/incident/board.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { routeEvent, type RouteOutcome, type WebhookPayload } from "../../src/services/route.js";
import type { GitHubSim, RestObject } from "../../src/sim/index.js";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";
import { issueCommentCreated, issuesClosed, pullRequestClosed } from "../support/webhooks.js";

export const REPO = "acme/shop";

export const REPO_URL = "https://github.com/acme/shop";

/**
 * A repository on the simulator with a team (alice admin, bob and carol write, dave triage), a
 * clock that only moves when a test says so, and helpers that deliver webhooks the way GitHub
 * would: each delivery gets a fresh port, as each App delivery does.
 */
export async function harness() {
  let clock = new Date("2024-05-01T10:00:00.000Z");
  const sim = createSim({ now: () => clock });
  sim.createRepo(REPO);
  sim.setPermission(REPO, "alice", "admin");
  sim.setPermission(REPO, "bob", "write");
  sim.setPermission(REPO, "carol", "write");
  sim.setPermission(REPO, "dave", "triage");
  interceptWithNock(sim);
  // Labels as a maintained repository has them (with descriptions).
  const setup = testOctokit();
  for (const [name, description] of [
    ["postmortem", "Post-mortem documents"],
    ["action-item", "Follow-up work from an incident"],
  ] as const) {
    await setup.rest.issues.createLabel({ owner: "acme", repo: "shop", name, description, color: "5319e7" });
  }

  // As the App runs (unless acting with someone else's token): it knows its bot and signs its boards.
  const deps = (token?: string): ServiceDeps => ({
    port: createOctokitPort(
      testOctokit("https://api.github.com", token),
      { owner: "acme", repo: "shop" },
      token ? {} : { identity: sim.botLogin },
    ),
    now: () => clock,
    repoUrl: REPO_URL,
    trust: { signingKey: "hotwash-test-signing-key" },
  });
  const deliver = (name: string, payload: unknown): Promise<RouteOutcome> =>
    routeEvent(deps(), name, payload as WebhookPayload);

  const h = {
    sim,
    deps,
    deliver,
    advance(minutes: number): void {
      clock = new Date(clock.getTime() + minutes * 60_000);
    },
    /** A person comments; the comment is delivered as issue_comment.created. */
    async comment(issue: number, body: string, as: string): Promise<RouteOutcome> {
      const comment = sim.createComment(REPO, issue, body, as);
      return deliver("issue_comment", issueCommentCreated({ issue: sim.issue(REPO, issue), comment }));
    },
    /** A person closes an issue; delivered as issues.closed. */
    async close(issue: number, as: string): Promise<RouteOutcome> {
      const closed = sim.closeIssue(REPO, issue, as);
      return deliver("issues", issuesClosed({ issue: closed, sender: sim.user(as) }));
    },
    /** A person merges a pull request; delivered as pull_request.closed (merged). */
    async merge(pull: number, as: string) {
      const merged = sim.mergePull(REPO, pull, as);
      await deliver("pull_request", pullRequestClosed(merged, true, { sender: sim.user(as) }));
      return merged;
    },
    board(issue: number): string {
      const board = sim
        .comments(REPO, issue)
        .find((c) => String(c["body"]).startsWith(BOARD_MARKER) && userOf(c) === sim.botLogin);
      return board ? String(board["body"]) : "";
    },
    /** The bot's comments other than the board, oldest first. */
    botComments(issue: number): string[] {
      return sim
        .comments(REPO, issue)
        .filter((c) => userOf(c) === sim.botLogin && !String(c["body"]).startsWith(BOARD_MARKER))
        .map((c) => String(c["body"]));
    },
    lastReply(issue: number): string {
      return h.botComments(issue).at(-1) ?? "";
    },
    pulls(): RestObject[] {
      return sim.issues(REPO).filter((i) => i["pull_request"]);
    },
    actionItemIssues(): RestObject[] {
      return sim
        .issues(REPO)
        .filter((i) => (i["labels"] as { name: string }[]).some((l) => l.name === "action-item"));
    },
    /** Declare #1 (sev1, alice), hand it to bob, resolve it: ready for a post-mortem. */
    async resolvedIncident(): Promise<number> {
      sim.createIssue(REPO, { title: "Checkout down", as: "alice" });
      await h.comment(1, "/incident sev1 Checkout API returns 500s", "alice");
      h.advance(5);
      await h.comment(1, "/ic @bob", "alice");
      h.advance(10);
      await h.comment(1, "/status identified Bad deploy, cc @dave", "bob");
      h.advance(20);
      await h.comment(1, "/resolve Rolled back", "bob");
      h.advance(30);
      return 1;
    },
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof harness>>;

function userOf(obj: RestObject): string {
  return String((obj["user"] as { login?: string } | undefined)?.login ?? "");
}

export function postmortemPull(h: Harness) {
  const pull = h.pulls().find((p) => String(p["title"]).startsWith("Post-mortem:"));
  if (!pull) throw new Error("no post-mortem pull request");
  return h.sim.pull(REPO, Number(pull["number"]));
}

export type { GitHubSim };
