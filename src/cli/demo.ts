import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { ProbotOctokit, run } from "probot";
import { createHotwash } from "../app/index.js";
import { createRestClient } from "../github/client.js";
import { createOctokitPort } from "../github/octokit-port.js";
import { postReport } from "../services/report.js";
import { GitHubSim, startHttpServer, type WorkflowDispatch } from "../sim/index.js";
import { webhookHeaders } from "../sim/sign.js";
import { webhookBuilders } from "../sim/webhooks.js";
import { demoMetrics } from "./demo-metrics.js";
import { DEMO_REPO, demoClock, seedDemo } from "./demo-world.js";
import { Transcript } from "./transcript.js";

const SECRET = "demo-webhook-secret";

/**
 * `npm run demo`: the real app (Probot's server, as `npm start` runs it, pointed at a GitHub
 * Enterprise-style host) against the simulator on loopback, driven by signed webhooks. Prints what
 * responders would see on the issue.
 */
export async function runDemo(_args: string[]): Promise<number> {
  const started = Date.now();
  const clock = demoClock();
  const sim = new GitHubSim({ now: clock.now, validate: await validationAvailable() });
  await seedDemo(sim, clock);
  const api = await startHttpServer(sim);
  const port = await freePort();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const server = await run(createHotwash({ reminderIntervalMinutes: 0 }), {
    env: {
      APP_ID: String(sim.app.id),
      PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: new URL(api.url).host,
      GHE_PROTOCOL: "http",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    // The simulator has no rate limit; Probot's write spacing would only slow the demo down.
    // A function sees Probot's own per-instance throttle options, which a plain object would not override.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });

  const hooks = webhookBuilders(() => sim.repository(DEMO_REPO));
  const out = new Transcript(sim, DEMO_REPO);
  const deliver = async (event: string, payload: unknown): Promise<void> => {
    const body = JSON.stringify(payload);
    const t0 = Date.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: webhookHeaders(SECRET, event, body, randomUUID()),
      body,
    });
    if (!response.ok) throw new Error(`webhook ${event} → HTTP ${response.status}: ${await response.text()}`);
    if (process.env.HOTWASH_DEMO_TIMING)
      process.stderr.write(`${event} ${response.status} ${Date.now() - t0} ms\n`);
  };
  const say = async (login: string, body: string, minutesLater = 3): Promise<void> => {
    clock.advance(minutesLater);
    const comment = sim.createComment(DEMO_REPO, issue.number, body, login);
    out.comment(login, body);
    await deliver(
      "issue_comment",
      hooks.issueCommentCreated({ issue: sim.issue(DEMO_REPO, issue.number), comment }),
    );
    out.after(comment.id);
  };

  // Dispatched runs play out as GitHub would: requested, the report step, completed.
  const dispatched: WorkflowDispatch[] = [];
  sim.onWorkflowDispatch = (dispatch) => dispatched.push(dispatch);
  const playRuns = async (
    conclusion: "success" | "failure",
    summary: string,
    body: string,
  ): Promise<void> => {
    for (const dispatch of dispatched.splice(0)) {
      const run = sim.startRun(DEMO_REPO, dispatch.runId);
      await deliver("workflow_run", hooks.workflowRunEvent("requested", run));
      const report = createOctokitPort(
        createRestClient({ token: sim.createToken("github-actions[bot]"), baseUrl: api.url }),
        {
          owner: "acme",
          repo: "shop",
        },
      );
      await postReport(
        { port: report, now: clock.now, repoUrl: "https://github.com/acme/shop" },
        {
          issueNumber: issue.number,
          status: conclusion,
          summary,
          body,
          runUrl: String(run.html_url),
          actor: "github-actions[bot]",
        },
      );
      const done = sim.completeRun(DEMO_REPO, dispatch.runId, conclusion);
      await deliver("workflow_run", hooks.workflowRunEvent("completed", done));
      out.run(String(dispatch.inputs["command"]), String(dispatch.inputs["service"]), conclusion, summary);
    }
  };

  /**
   * The post-mortem check on the pull request: failing as Hotwash opened it (prompts to fill in);
   * with `fix`, a person's commit that writes the remaining sections, and the check passing.
   */
  const postmortemCheck = async (pullNumber: number, fix: { path: string; branch: string } | null) => {
    const before = sim.pull(DEMO_REPO, pullNumber).head.sha;
    if (fix) {
      const document = sim.getFile(DEMO_REPO, fix.path, fix.branch) ?? "";
      sim.pushCommit(DEMO_REPO, {
        branch: fix.branch,
        as: "carol",
        message: "Write the remaining sections",
        files: {
          [fix.path]: document.replace(/_TODO\(author\):[^\n]*_/g, "Written up in the review meeting."),
        },
      });
      out.note("carol pushed the remaining sections of the post-mortem");
    }
    const pull = sim.pull(DEMO_REPO, pullNumber);
    await deliver(
      "pull_request",
      fix ? hooks.pullRequestSynchronize(pull, before) : hooks.pullRequestOpened(pull),
    );
    out.checkRun(pull.head.sha);
  };

  out.title("Hotwash demo: a sev1 on the checkout API, from first alert to post-mortem");
  clock.rewind(75);
  const issue = sim.createIssue(DEMO_REPO, {
    title: "Checkout API returning 500s",
    body: "Dashboards are red.",
    as: "bob",
  });
  out.note(`bob opened issue #${issue.number} "${issue.title}"`);
  await deliver("issues", hooks.issuesOpened({ issue }));

  const declaredAt = new Date(clock.now().getTime() + 2 * 60_000);
  const tenMinutesEarlier = new Date(declaredAt.getTime() - 10 * 60_000).toISOString().slice(11, 16);
  await say("bob", "/incident sev2 Checkout API returns 500s for ~30% of requests", 2);
  await say("alice", "Customers can't pay. Raising this.\n/sev1\n/ic @carol", 4);
  await say("carol", "/status identified Connection pool exhausted since the v1.5.0 deploy", 9);
  await say("carol", `/timeline ${tenMinutesEarlier}Z First 5xx alerts fired (@bob was paged)`, 1);
  await say("bob", "/diagnose api region=eu", 2);
  await playRuns(
    "success",
    "Diagnostics for api",
    "pool: 20/20 in use\np99 latency: 4.2s\nerrors: ConnectionTimeout x 1,204",
  );
  await say("bob", "/rollback api");
  out.note("rollbacks need maintain access and the acme/sre team here; alice has both");
  await say("alice", "/rollback api");
  await playRuns(
    "success",
    "Rollback of api to the previous deployment",
    "Deployed v1.4.2 to production\nHealth checks passing",
  );
  await say("carol", "/status monitoring Error rate back to baseline after the rollback", 12);
  await say("bob", "/note Support confirms checkouts are going through agian");
  // A typo on the record: corrected by the entry's ref (its position in the log), the fix on the record too.
  const typo = out.incidentState(issue.number)?.logLength ?? 0;
  await say("bob", `/timeline fix t${typo} Support confirms checkouts are going through again`);
  await say("carol", "/action Alert on DB connection-pool saturation @bob due:2026-12-15 priority:P1");
  await say("alice", "/resolve Rolled back to v1.4.2; pool exhaustion from the v1.5.0 pool-size change", 20);
  await say("alice", "/postmortem");

  // The board's log knows the post-mortem's pull request and path, as any handler would.
  const postmortem = out.incidentState(issue.number)?.postmortem;
  if (postmortem) {
    const branch = `hotwash/postmortem-${issue.number}`;
    const document = sim.getFile(DEMO_REPO, postmortem.path, branch) ?? "";
    out.postmortem(document);
    await postmortemCheck(postmortem.pullNumber, null);
    // A person takes over the document: Hotwash must never overwrite their edits.
    sim.pushCommit(DEMO_REPO, {
      branch,
      as: "carol",
      message: "Root cause and a follow-up",
      files: { [postmortem.path]: personEdits(document) },
    });
    out.note("carol pushed her edits to the post-mortem branch: the root cause and one more action item");
    await say("alice", "/postmortem");
    out.pullComments(postmortem.pullNumber);
    await postmortemCheck(postmortem.pullNumber, { path: postmortem.path, branch });
    const merged = sim.mergePull(DEMO_REPO, postmortem.pullNumber, "alice");
    out.note(`alice merged the post-mortem pull request #${postmortem.pullNumber}`);
    await deliver("pull_request", hooks.pullRequestClosed(merged, true));
    out.pullReplies(postmortem.pullNumber);
  }
  out.board(issue.number);
  await demoMetrics({ sim, clock, hooks, deliver, out, apiUrl: api.url });
  out.summary(issue.number, Date.now() - started);

  await server.stop();
  await api.close();
  process.stdout.write(out.text());
  return 0;
}

/** What a responder writes into the generated document before merging it. */
function personEdits(document: string): string {
  return document
    .replace(
      "action_items:\n",
      'action_items:\n  - title: Load-test connection-pool changes before release\n    owner: alice\n    due: "2026-12-20"\n    priority: P2\n',
    )
    .replace(
      /_TODO\(author\): the underlying cause[^\n]*/,
      "The v1.5.0 release lowered the pool to 20 connections; peak checkout traffic needs about 35.",
    );
}

/**
 * Whether the simulator can check traffic against GitHub's OpenAPI description: its validator
 * (`@octokit/openapi`, Ajv) is a development dependency, absent from an installed package.
 */
async function validationAvailable(): Promise<boolean> {
  try {
    (await import("../sim/openapi.js")).openApi();
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return false;
    throw error;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
