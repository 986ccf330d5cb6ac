/**
 * `npm run bench`: GitHub requests per command against the minimum needed, handler latency with a
 * simulated 50 ms round trip (with Probot's throttling as shipped and without it), and scale.
 * A report, not a test: nothing here passes or fails.
 */
import { renderBoard } from "../../src/core/incident/board.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { boardState, emptyBoardData, planSeal, withSealedPage } from "../../src/core/incident/log.js";
import { buildTimeline } from "../../src/core/timeline/entries.js";
import { renderTimelineTable } from "../../src/core/timeline/render.js";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { readBoardData } from "../../src/core/incident/board.js";
import { benchWorld, REPO, responderText, type BenchWorld } from "./world.js";
import { seedLog } from "./seed-log.js";
import { concurrency } from "./concurrency.js";
import { sweepBench } from "./sweep.js";
import { metricsBench } from "./metrics.js";

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
    minimum: 11,
    why: "config, permission, board lookup; 👀; suspects: merged PRs + deployments (1 environment); create + pin board; labels in one POST (adds only) + assignee PATCH; 🚀 (a repository's first incident also creates missing labels)",
    setup: async () => {},
    step: (w, n) => w.comment(n, "bob", "/incident sev2 Checkout API returns 500s"),
  },
  {
    name: "/sev1 (raise)",
    minimum: 9,
    why: "config, permission, board (concurrent); 👀; board PATCH + read-back; add sev1, remove sev2; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "bob", "/sev1"),
  },
  {
    name: "/status identified <message>",
    minimum: 9,
    why: "3 concurrent reads; 👀; board PATCH + read-back; add the new status label, remove the old; 🚀",
    setup: declared,
    step: (w, n) => w.comment(n, "carol", "/status identified Connection pool exhausted"),
  },
  {
    name: "/note <text>",
    minimum: 7,
    why: "3 concurrent reads; 👀; board PATCH + read-back; 🚀 (labels already right: no label request)",
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
    minimum: 12,
    why: "one authorization and one board write (+ read-back) for all three lines; one POST adds both labels, one DELETE each for the old severity and status; assignees PATCH",
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
  console.log("Every board write is read back once so two handlers racing on one incident converge.");
  console.log("Labels: Hotwash adds and removes only its own, one request per change; replacing the whole");
  console.log("set in one PATCH would remove a label a person added meanwhile.\n");
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
  let start = performance.now();
  foldIncident(events);
  const entries = buildTimeline(events, [], { repoUrl: "https://github.com/acme/shop" });
  const table = renderTimelineTable(entries);
  const timelineMs = performance.now() - start;
  // The board as Hotwash keeps it: the sealed part folded, the newest entries, page ids.
  let data = emptyBoardData();
  let pages = 0;
  for (const event of events) {
    data = { ...data, events: [...data.events, event] };
    for (let page = planSeal(data); page; page = planSeal(data)) data = withSealedPage(data, page, ++pages);
  }
  start = performance.now();
  const body = renderBoard({
    issueNumber: 1,
    state: boardState(data),
    data,
    config: DEFAULT_CONFIG,
    now: new Date(),
    repoUrl: "https://github.com/acme/shop",
  });
  const boardMs = performance.now() - start;
  console.log(
    `- 3,000-entry log: fold of everything + timeline table in ${timelineMs.toFixed(1)} ms (${table.length} chars, what the post-mortem renders); board (state of ${data.sealed.count} sealed entries in ${pages} log pages + ${data.events.length} newest) folded and rendered in ${boardMs.toFixed(1)} ms (${body.length} chars, under GitHub's 65,536 limit)`,
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

const only = process.argv[2];
if (!only || only === "commands") await commands();
if (!only || only === "scale") await scale();
if (!only || only === "log") await logGrowth();
if (!only || only === "concurrency") await concurrency();
if (!only || only === "sweep") await sweepBench();
if (!only || only === "metrics") await metricsBench(RTT);
console.log("");

/**
 * The log growing: an incident with N prior commands of realistic length (80–200 characters; a
 * mix of /note, /status with a message, /timeline and /diagnose with its runs), then one `/note`.
 */
async function logGrowth(): Promise<void> {
  console.log(`\n## Log growth: the next /note after N commands (simulated round trip ${RTT} ms)\n`);
  console.log(
    "Fold CPU: deriving the state and rendering the board in-process, as the handler does (median of 5;",
  );
  console.log("a board that dropped its log: one rebuild from all comments, as the handler then runs).\n");
  console.log("| N commands | requests | latency | board (chars) | fold CPU | entries kept / recorded");
  console.log("| ---------- | -------- | ------- | ------------- | -------- | -----------------------");
  const longRun: string[] = [];
  for (const n of [20, 50, 200, 500, 1000, 2000]) {
    const w = await benchWorld({ latencyMs: 0, throttled: false });
    try {
      const issue = w.sim.createIssue(REPO, { title: "Checkout API returns 500s", as: "bob" }).number;
      const seeded = await seedLog(w, issue, n);
      w.sim.latencyMs = RTT;
      const note = await w.comment(issue, "carol", `/note ${responderText(n + 1)}`);
      w.sim.latencyMs = 0;
      const board = w.sim
        .comments(REPO, issue)
        .find((c) => c.user?.login === w.sim.botLogin && c.body?.startsWith("<!-- hotwash:board -->"));
      const body = board?.body ?? "";
      const { kept, recorded } = await seeded.entries();
      const data = readBoardData(body);
      const pages = data?.sealed.pages.length ?? 0;
      const where = !data
        ? "board dropped it: rebuilt from comments"
        : pages
          ? `board + ${pages} hidden log pages`
          : "on the board";
      console.log(
        `| ${pad(n, 10)} | ${pad(note.requests, 8)} | ${pad(`${Math.round(note.ms)} ms`, 7)} | ${pad(body.length, 13)} | ${pad(`${(await seeded.foldMs()).toFixed(1)} ms`, 8)} | ${kept} / ${recorded} (${where})`,
      );
      if (n === 2000) longRun.push(...(await afterTheRow(w, issue, n)));
    } finally {
      await w.close();
    }
  }
  console.log("");
  for (const line of longRun) console.log(line);
}

/** At 2,000 commands: 60 more `/note`s (sealing included), then `/postmortem`, which reads every page. */
async function afterTheRow(w: BenchWorld, issue: number, n: number): Promise<string[]> {
  const pageCount = () =>
    w.sim.comments(REPO, issue).filter((c) => c.body?.startsWith("<!-- hotwash:log -->")).length;
  const pagesBefore = pageCount();
  const costs: number[] = [];
  for (let i = 0; i < 60; i++) {
    w.sim.latencyMs = RTT;
    costs.push((await w.comment(issue, "carol", `/note ${responderText(n + 2 + i)}`)).requests);
  }
  const mean = costs.reduce((sum, c) => sum + c, 0) / costs.length;
  const pm = await w.comment(issue, "alice", "/postmortem");
  w.sim.latencyMs = 0;
  return [
    `- the next 60 /notes at ${n.toLocaleString("en")} commands: ${mean.toFixed(2)} requests on average, at most ${Math.max(...costs)} (${pageCount() - pagesBefore} log page(s) written, 2 requests each: post, hide)`,
    `- /postmortem at ${(n + 60).toLocaleString("en")} commands reads the ${pageCount()} log pages by id, concurrently: ${pm.requests} requests, ${Math.round(pm.ms)} ms`,
  ];
}
