import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { createRestClient } from "../github/client.js";
import { createOctokitPort } from "../github/octokit-port.js";
import type { ServiceDeps } from "../services/deps.js";
import { postReport } from "../services/report.js";
import { routeEvent, type WebhookPayload } from "../services/route.js";
import { readInputs, reportBody } from "./inputs.js";
import { runMetrics } from "./metrics.js";
import { failureSummary, runReport, runSummary } from "./summary.js";

/** The Action: the runner's event file → the same router the App uses, with the workflow's token. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = readInputs(env);
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo)
    throw new Error("GITHUB_REPOSITORY is not set; run Hotwash inside a GitHub Actions workflow.");
  if (!inputs["github-token"])
    throw new Error("No token: pass `github-token` (defaults to the workflow's GITHUB_TOKEN).");
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  const deps: ServiceDeps = {
    port: createOctokitPort(
      createRestClient({
        token: inputs["github-token"],
        baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
      }),
      { owner, repo },
    ),
    now: () => new Date(),
    repoUrl: `${serverUrl}/${owner}/${repo}`,
    log: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
    // Other workflows write as the same bot: with a key, only its signature vouches for the board.
    ...(inputs["signing-key"]
      ? { trust: { signingKey: inputs["signing-key"], requireSignature: true } }
      : {}),
  };

  const mode = inputs.mode || "handle";
  if (mode === "report") {
    const issueNumber = Number(inputs.incident);
    if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
      throw new Error(
        `report mode needs \`incident\`: the incident's issue number (got "${inputs.incident}").`,
      );
    }
    const runUrl = env.GITHUB_RUN_ID
      ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
      : null;
    const outcome = await postReport(deps, {
      issueNumber,
      status: inputs.status || "success",
      summary: inputs.summary || "Workflow finished",
      body: await reportBody(inputs),
      runUrl,
      actor: env.GITHUB_ACTOR ?? "github-actions[bot]",
    }).catch(
      failedWith({ eventName: "report", payload: null, incident: issueNumber, repoUrl: deps.repoUrl }),
    );
    core.setOutput("incident", String(issueNumber));
    core.setOutput("decision", "reported");
    core.setOutput("reason", `posted ${outcome.commentUrl}`);
    await core.summary.addRaw(outcome.markdown, true).write();
    return;
  }
  if (mode === "metrics") {
    await runMetrics(deps, inputs);
    return;
  }
  if (mode !== "handle") throw new Error(`Unknown mode "${mode}": use handle, report or metrics.`);

  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath)
    throw new Error("GITHUB_EVENT_PATH is not set; run Hotwash inside a GitHub Actions workflow.");
  const payload = JSON.parse(await readFile(eventPath, "utf8")) as WebhookPayload;
  const outcome = await routeEvent(deps, eventName, payload).catch(
    failedWith({ eventName, payload, incident: payload.issue?.number, repoUrl: deps.repoUrl }),
  );
  const report = runReport(payload, outcome);
  core.setOutput("incident", report.incident === undefined ? "" : String(report.incident));
  core.setOutput("decision", report.decision);
  core.setOutput("reason", report.reason);
  const summary = runSummary({ eventName, payload, outcome, repoUrl: deps.repoUrl });
  if (summary) await core.summary.addRaw(summary, true).write();
  core.info(
    `Hotwash: ${eventName}.${payload.action ?? ""} → ${outcome.kind}${report.reason ? `: ${report.reason}` : ""}`,
  );
  if (outcome.kind === "postmortem-checked") {
    const { reportPostmortemCheck } = await import("./postmortem-check.js");
    await reportPostmortemCheck(outcome as unknown as Parameters<typeof reportPostmortemCheck>[0]);
  }
  // A command that failed was explained on the issue; the step fails too so the run is not green.
  if (outcome.kind === "failed") core.setFailed(report.reason || "Hotwash failed to handle the event");
}

/**
 * GitHub failed where no handler could explain it on the issue (config, permissions, the report):
 * the step fails (index.ts), and its outputs and job summary say so, so later steps can branch on
 * `decision`.
 */
function failedWith(
  run: Omit<Parameters<typeof failureSummary>[0], "reason">,
): (error: unknown) => Promise<never> {
  return async (error) => {
    const reason = error instanceof Error ? error.message : String(error);
    core.setOutput("incident", run.incident === undefined ? "" : String(run.incident));
    core.setOutput("decision", "failed");
    core.setOutput("reason", reason);
    await core.summary.addRaw(failureSummary({ ...run, reason }), true).write();
    throw error;
  };
}
