/**
 * Seeds an incident with N prior commands for the log-growth bench: the comments go straight into
 * the simulator, and the board is written as Hotwash would have left it after handling them.
 */
import { interpret } from "../../src/core/command/interpret.js";
import { commandNames, parseComment } from "../../src/core/command/parse.js";
import { parseConfig } from "../../src/core/config/parse.js";
import type { HotwashConfig } from "../../src/core/config/schema.js";
import { readBoardData, renderBoard } from "../../src/core/incident/board.js";
import {
  boardState,
  joinPages,
  planSeal,
  readLogPage,
  renderLogPage,
  withSealedPage,
  type BoardData,
} from "../../src/core/incident/log.js";
import { decide } from "../../src/core/incident/decide.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { labelChanges } from "../../src/core/incident/reconcile.js";
import type { GitHubPort } from "../../src/services/port.js";
import { rebuildIncident } from "../../src/services/rebuild.js";
import { commentSnapshot, issueSnapshot } from "../../src/services/snapshots.js";
import { REPO, seedCommandComments, type BenchWorld } from "./world.js";

const REPO_URL = "https://github.com/acme/shop";

export interface SeededLog {
  /** Time to derive the state and render the board from the current board, as a handler does. */
  foldMs(): Promise<number>;
  /** Entries the log holds now (what the post-mortem can show), and how many were recorded. */
  entries(): Promise<{ kept: number; recorded: number }>;
}

export async function seedLog(w: BenchWorld, issue: number, n: number): Promise<SeededLog> {
  const parsed = parseConfig({ services: { api: { environment: "production" } } });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const config = parsed.config;
  await w.comment(issue, "bob", "/incident sev2 Checkout API returns 500s");
  const boardComment = () =>
    w.sim
      .comments(REPO, issue)
      .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith("<!-- hotwash:board -->"));
  const declared = readBoardData(boardComment()?.body ?? "");
  if (!declared) throw new Error("no board after the declaration");

  const events: IncidentEvent[] = [...declared.events];
  const processed = [...declared.processed];
  let state = boardState(declared);
  let runId = 900_000;
  for (const c of seedCommandComments(w, issue, n)) {
    for (const raw of parseComment(c.body, commandNames(config)).commands) {
      const result = interpret(raw, { config, now: new Date(c.createdAt) });
      if (!result.ok) throw new Error(`${c.body}: ${result.error}`);
      const decision = decide(state, result.command, {
        actor: c.author,
        at: c.createdAt,
        source: c.commentId,
        config,
        issueTitle: "Checkout API returns 500s",
      });
      if (!decision.ok) throw new Error(decision.error);
      const made: IncidentEvent[] = [...decision.events];
      for (const effect of decision.effects) {
        if (effect.type !== "dispatch") continue;
        // What the dispatch and its workflow_run webhooks add: Hotwash's own entries.
        const id = runId++;
        const url = `${REPO_URL}/actions/runs/${id}`;
        const workflow = "hotwash-diagnose.yml";
        const base = { at: c.createdAt, actor: c.author };
        made.push(
          {
            ...base,
            source: c.commentId,
            type: "dispatch",
            command: effect.command,
            service: effect.service,
            workflow,
            ref: null,
            runId: id,
            runUrl: url,
          },
          {
            ...base,
            type: "run",
            runId: id,
            workflow,
            phase: "requested",
            conclusion: null,
            url,
            durationMs: null,
          },
          {
            ...base,
            type: "run",
            runId: id,
            workflow,
            phase: "completed",
            conclusion: "success",
            url,
            durationMs: 42_000,
          },
        );
      }
      events.push(...made);
      state = foldIncident(made, state);
    }
    processed.push(c.commentId);
  }
  writeBoard(w, issue, boardComment()?.id ?? 0, config, { ...declared, events, processed });
  const { add, remove } = labelChanges(state, config, w.sim.issueLabels(REPO, issue));
  for (const label of remove) w.sim.removeLabel(REPO, issue, label, "bob");
  if (add.length) w.sim.addLabels(REPO, issue, add, "bob");

  /** The rebuild a handler runs when the board lost its log, over comments already read. */
  const rebuildInMemory = () => {
    const comments = w.sim.comments(REPO, issue).map(commentSnapshot);
    const port = { listComments: async () => comments, getPermission: async () => "maintain" as const };
    const deps = { port: port as unknown as GitHubPort, now: () => new Date(), repoUrl: REPO_URL };
    return rebuildIncident(deps, issueSnapshot(w.sim.issue(REPO, issue)), config, null);
  };

  return {
    foldMs: async () => {
      const body = boardComment()?.body ?? "";
      if (readBoardData(body)) {
        // The median of 5: one run on a shared machine is mostly noise at this size.
        const runs = Array.from({ length: 5 }, () => {
          const start = performance.now();
          const data = readBoardData(body) as BoardData;
          planSeal(data); // every save asks whether to seal
          render(config, data, boardState(data));
          return performance.now() - start;
        }).sort((a, b) => a - b);
        return runs[2] ?? 0;
      }
      // The board dropped its log: the handler replays every comment (the real rebuild, in memory).
      const begin = performance.now();
      const rebuilt = await rebuildInMemory();
      render(config, rebuilt.data, rebuilt.state);
      return performance.now() - begin;
    },
    entries: async () => {
      const data = readBoardData(boardComment()?.body ?? "");
      if (data) {
        const pages = data.sealed.pages.map((ref) => readLogPage(w.sim.comment(REPO, ref.id).body ?? ""));
        const sealed = joinPages(data.sealed.pages, pages).events.length;
        return { kept: sealed + data.events.length, recorded: events.length + 1 };
      }
      const rebuilt = await rebuildInMemory();
      return { kept: rebuilt.data.sealed.count + rebuilt.data.events.length, recorded: events.length + 1 };
    },
  };
}

function render(config: HotwashConfig, data: BoardData, state: ReturnType<typeof foldIncident>): string {
  return renderBoard({ issueNumber: 1, state, data, config, now: new Date(), repoUrl: REPO_URL });
}

/** The board (and the log pages it seals on the way) as Hotwash leaves them after these commands. */
function writeBoard(
  w: BenchWorld,
  issue: number,
  boardId: number,
  config: HotwashConfig,
  all: BoardData,
): void {
  let data: BoardData = { ...all, events: [] };
  for (const event of all.events) {
    data = { ...data, events: [...data.events, event] };
    for (let page = planSeal(data); page; page = planSeal(data)) {
      const body = renderLogPage(page, data.sealed.pages.length + 1);
      data = withSealedPage(data, page, w.sim.createComment(REPO, issue, body, w.sim.botLogin).id);
    }
  }
  w.sim.editComment(REPO, boardId, render(config, data, boardState(data)), w.sim.botLogin);
}
