/**
 * An incident under load, for tests and the bench: 20 responders' commands posted at once, and
 * what the board recorded of them. No test framework here, so the bench can use it too.
 */
import { BOARD_MARKER, readBoardData } from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import type { GitHubSim } from "../../src/sim/index.js";
import { webhookBuilders } from "../../src/sim/webhooks.js";

/** Who types what during a busy minute of a sev3 (declared by alice) that turns out to be a sev1: 4 changes, 16 notes. */
export function burstCommands(notes = 16): { author: string; body: string }[] {
  return [
    { author: "bob", body: "/sev1" },
    { author: "carol", body: "/status identified connection pool exhausted on db-primary" },
    { author: "carol", body: "/ic @bob" },
    { author: "bob", body: "/role comms @carol" },
    ...Array.from({ length: notes }, (_, i) => ({
      author: i % 2 ? "carol" : "bob",
      body: `/note observation ${i + 1}: p99 latency on checkout is still elevated in eu-west`,
    })),
  ];
}

/** People and Hotwash's labels in a repository, as after installation. */
export function seedRepo(sim: GitHubSim, repo: string): void {
  sim.createRepo(repo);
  sim.setPermission(repo, "bob", "write");
  sim.setPermission(repo, "carol", "triage");
  sim.setPermission(repo, "alice", "write");
  const labels = ["incident", "sev1", "sev2", "sev3", "sev4", "drill", "action-item", "postmortem"];
  for (const status of ["investigating", "identified", "monitoring", "resolved"])
    labels.push(`status:${status}`);
  sim.createIssue(repo, { title: "Hotwash's labels", labels });
}

export type Post = (event: string, payload: unknown) => Promise<number>;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Posts every command as its own comment first (as people would, all before Hotwash answers),
 * then delivers their webhooks concurrently, each after 0–`jitterMs` ms. `delivered` resolves once
 * every delivery has been answered (Probot answers 202 after 9 s and carries on handling).
 */
export function deliverBurst(
  sim: GitHubSim,
  repo: string,
  issue: number,
  post: Post,
  commands: { author: string; body: string }[],
  opts: { jitterMs?: number; installationId?: number } = {},
): { ids: number[]; delivered: Promise<void> } {
  const hooks = webhookBuilders(() => sim.repository(repo));
  const comments = commands.map((c) => sim.createComment(repo, issue, c.body, c.author));
  const payloads = comments.map((comment) =>
    hooks.issueCommentCreated({
      issue: sim.issue(repo, issue),
      comment,
      ...(opts.installationId ? { installationId: opts.installationId } : {}),
    }),
  );
  const delivered = Promise.all(
    payloads.map(async (payload) => {
      await sleep(Math.random() * (opts.jitterMs ?? 20));
      await post("issue_comment", payload);
    }),
  ).then(() => undefined);
  return { ids: comments.map((c) => c.id), delivered };
}

/** The one comment Hotwash writes as the board (every comment that claims to be one). */
export function boards(sim: GitHubSim, repo: string, issue: number): string[] {
  return sim
    .comments(repo, issue)
    .filter((c) => c.user?.login === sim.botLogin && c.body?.startsWith(BOARD_MARKER))
    .map((c) => c.body ?? "");
}

/** The board's log entries. */
export function boardEvents(sim: GitHubSim, repo: string, issue: number): IncidentEvent[] {
  const [board] = boards(sim, repo, issue);
  return (board && readBoardData(board)?.events) || [];
}

/** Comments (of `ids`) whose entry is not on the board. */
export function missingFromBoard(sim: GitHubSim, repo: string, issue: number, ids: number[]): number[] {
  const sources = new Set(boardEvents(sim, repo, issue).map((e) => e.source));
  return ids.filter((id) => !sources.has(id));
}

/** Hotwash has answered the comment: 🚀 or 😕. */
export function answered(sim: GitHubSim, repo: string, commentId: number): boolean {
  return sim.reactionsBy(repo, commentId, sim.botLogin).some((r) => r === "rocket" || r === "confused");
}

/** Polls `done` every 20 ms; resolves the milliseconds it took, or rejects after `timeoutMs`. */
export async function timeUntil(
  done: () => boolean,
  timeoutMs: number,
  since = performance.now(),
): Promise<number> {
  for (;;) {
    if (done()) return performance.now() - since;
    if (performance.now() - since > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Board entries without what differs between two runs of the same comments (times, comment ids). */
export function comparable(events: IncidentEvent[]): string[] {
  const differs = new Set(["at", "source", "windowStart", "recordedAt"]);
  return events
    .map((e) => JSON.stringify(Object.fromEntries(Object.entries(e).filter(([key]) => !differs.has(key)))))
    .sort();
}
