/**
 * `npm run bench`: GitHub requests per command against the minimum needed, handler latency with a
 * simulated 50 ms round trip (with Probot's throttling as shipped and without it), and scale.
 * A report, not a test: nothing here passes or fails.
 */
import { renderBoard } from "../../src/core/incident/board.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { buildTimeline } from "../../src/core/timeline/entries.js";
import { renderTimelineTable } from "../../src/core/timeline/render.js";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { benchWorld, REPO, type BenchWorld } from "./world.js";

const RTT = 50;

interface Scenario {
  name: string;
  minimum: number;
  why: string;
  /** Brings the incident to the state the measured step needs (not measured). */
  setup: (w: BenchWorld, issue: number) => Promise<void>;
  step: (w: BenchWorld, issue: number) => ReturnType<BenchWorld["deliver"]>;
}

const declared = async (w: BenchWorld, issue: number) => {
  await w.comment(issue, "bob", "/incident sev2 Checkout API returns 500s");
};

const SCENARIOS: Scenario[] = [
  {
    name: "comment without a command",
    minimum: 0,
    why: "nothing to do: decided from the payload alone",
    setup: declared,
    step: (w, n) => w.comment(n, "carol", "Looking at the dashboards now"),
  },
  {
    name: "/incident sev2 <title> (declare)",
    minimum: 10,
    why: "config, permission, board lookup; 👀; suspects: merged PRs + deployments (1 environment); create + pin board; labels+assignee in one PATCH; 🚀",
    setup: async () => {},
    step: (w, n) => w.comment(n, "bob", "/incident sev2 Checkout API returns 500s"),
  },
  {
    name: "/sev1 (raise)",
    minimum: 8,
    why: "config, permission, board (concurrent); 👀; board PATCH + read-back; labels PATCH; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "bob", "/sev1"),
  },
  {
    name: "/status identified <message>",
    minimum: 8,
    why: "3 concurrent reads; 👀; board PATCH + read-back; status label PATCH; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "carol", "/status identified Connection pool exhausted"),
  },
  {
    name: "/note <text>",
    minimum: 7,
    why: "3 concurrent reads; 👀; board PATCH + read-back; 🚀 (labels already right: no PATCH)",
    setup: declared,
    step: (w, n) => w.comment(n, "carol", "/note Support sees checkout failures in EU"),
  },
  {
    name: "/ic @carol",
    minimum: 9,
    why: "3 concurrent reads + assignable check; 👀; board PATCH + read-back; assignees PATCH; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "bob", "/ic @carol"),
  },
  {
    name: "/sev1 + /ic + /status in one comment",
    minimum: 9,
    why: "one authorization, one board write (+ read-back) and one issue PATCH for all three lines",
    setup: declared,
    step: (w, n) => w.comment(n, "bob", "/sev1\n/ic @carol\n/status identified pool exhausted"),
  },
  {
    name: "/help",
    minimum: 7,
    why: "config, permission; 👀; board PATCH + read-back records the comment as handled (a redelivery stays silent); reply; 🚀 (+1: the board read is speculative, concurrent with config)",
    setup: declared,
    step: (w, n) => w.comment(n, "carol", "/help"),
  },
  {
    name: "/diagnose api",
    minimum: 12,
    why: "3 reads; 👀; board PATCH + read-back (marks the comment done before dispatching: at most once); default branch; dispatch; board PATCH + read-back with run link; reply; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "bob", "/diagnose api region=eu"),
  },
  {
    name: "refused command (read-only user)",
    minimum: 4,
    why: "config + permission; 👎 and reply together (+1: the speculative board read, concurrent)",
    setup: declared,
    step: async (w, n) => {
      w.sim.addUser("dave");
      w.sim.setPermission(REPO, "dave", "read");
      return w.comment(n, "dave", "/sev1");
    },
  },
  {
    name: "workflow_run completed",
    minimum: 5,
    why: "config; board + issue (concurrent); board PATCH + read-back",
    setup: async (w, n) => {
      await declared(w, n);
      await w.comment(n, "bob", "/diagnose api");
    },
    step: async (w, n) => {
      const dispatched = w.sim.dispatches.at(-1);
      const run = w.sim.completeRun(REPO, dispatched?.runId ?? 0, "success");
      void n;
      return w.deliver("workflow_run", w.hooks.workflowRunEvent("completed", run));
    },
  },
];

async function measure(scenario: Scenario, throttled: boolean) {
  const w = await benchWorld({ latencyMs: 0, throttled });
  try {
    const issue = w.sim.createIssue(REPO, { title: "Checkout API returning 500s", as: "bob" }).number;
    await scenario.setup(w, issue);
    w.sim.latencyMs = RTT;
    return await scenario.step(w, issue);
  } finally {
    await w.close();
  }
}

function pad(text: string | number, width: number): string {
  return String(text).padEnd(width);
}

async function commands(): Promise<void> {
  console.log(`\n## Requests per command and handler latency (simulated round trip ${RTT} ms per request)\n`);
  console.log("Latency is the handler's wall time. 'no throttle' = Probot's Octokit with throttling off;");
  console.log("'Probot throttling' = as Probot ships it (writes ~1 s apart, new comments ~3 s apart).");
  console.log("Every board write is read back once so two handlers racing on one incident converge.\n");
  console.log(
    `| ${pad("scenario", 36)} | requests | minimum | no throttle | Probot throttling | why that minimum`,
  );
  console.log(
    `| ${"-".repeat(36)} | -------- | ------- | ----------- | ----------------- | ----------------`,
  );
  for (const scenario of SCENARIOS) {
    const fast = await measure(scenario, false);
    const shipped = await measure(scenario, true);
    console.log(
      `| ${pad(scenario.name, 36)} | ${pad(fast.requests, 8)} | ${pad(scenario.minimum, 7)} | ${pad(`${Math.round(fast.ms)} ms`, 11)} | ${pad(`${Math.round(shipped.ms)} ms`, 17)} | ${scenario.why}`,
    );
  }
}

async function scale(): Promise<void> {
  console.log("\n## Scale: an incident with 3,000 comments\n");
  const w = await benchWorld({ latencyMs: 0, throttled: false });
  try {
    const issue = w.sim.createIssue(REPO, { title: "Long incident", as: "bob" }).number;
    await w.comment(issue, "bob", "/incident sev2 Long incident");
    for (let i = 0; i < 3000; i++) w.sim.createComment(REPO, issue, `chatter ${i}`, i % 2 ? "carol" : "bob");
    w.sim.latencyMs = RTT;

    const note = await w.comment(issue, "carol", "/note still here");
    console.log(
      `- /note on it: ${note.requests} requests, ${Math.round(note.ms)} ms (the webhook's pinned_comment is the board: no comment listing)`,
    );

    const board = w.sim.comments(REPO, issue).find((c) => c.body?.startsWith("<!-- hotwash:board -->"));
    w.sim.latencyMs = 0;
    if (board) w.sim.deleteComment(REPO, board.id);
    w.sim.latencyMs = RTT;
    const rebuild = await w.comment(issue, "carol", "/note board was deleted");
    console.log(
      `- rebuilding a deleted board from all comments: ${rebuild.requests} requests (${Math.ceil(3003 / 100)} pages of 100), ${Math.round(rebuild.ms)} ms`,
    );

    const pm = await w.comment(issue, "alice", "/postmortem");
    console.log(
      `- /postmortem (timeline events: cross-references and commit references in one GraphQL request per 100, comments skipped): ${pm.requests} requests, ${Math.round(pm.ms)} ms`,
    );
  } finally {
    await w.close();
  }

  const events = syntheticLog(3000);
  const state = foldIncident(events);
  let start = performance.now();
  const entries = buildTimeline(events, [], { repoUrl: "https://github.com/acme/shop" });
  const table = renderTimelineTable(entries);
  const timelineMs = performance.now() - start;
  start = performance.now();
  const body = renderBoard({
    issueNumber: 1,
    state,
    data: { v: 1, events, processed: [] },
    config: DEFAULT_CONFIG,
    now: new Date(),
    repoUrl: "https://github.com/acme/shop",
  });
  const boardMs = performance.now() - start;
  console.log(
    `- 3,000-entry log: fold + timeline table in ${timelineMs.toFixed(1)} ms (${table.length} chars); board rendered in ${boardMs.toFixed(1)} ms (${body.length} chars, under GitHub's 65,536 limit)`,
  );
}

function syntheticLog(n: number): IncidentEvent[] {
  const t0 = Date.parse("2026-11-23T10:00:00Z");
  const at = (i: number) => new Date(t0 + i * 30_000).toISOString();
  const events: IncidentEvent[] = [
    {
      type: "declared",
      at: at(0),
      actor: "bob",
      title: "Long incident",
      severity: "sev2",
      drill: false,
      commander: "bob",
    },
  ];
  for (let i = 1; i < n; i++) {
    events.push(
      i % 10 === 0
        ? { type: "status", at: at(i), actor: "carol", status: "identified", message: `update ${i}` }
        : {
            type: "note",
            at: at(i),
            actor: i % 2 ? "carol" : "alice",
            text: `Observation ${i} from @dave | pipes`,
          },
    );
  }
  return events;
}

await commands();
await scale();
console.log("");
