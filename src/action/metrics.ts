import * as core from "@actions/core";
import { renderReport } from "../core/metrics/render-report.js";
import { reportDate } from "../core/metrics/report.js";
import type { ServiceDeps } from "../services/deps.js";
import { gatherMetrics } from "../services/metrics.js";
import type { ActionInputs } from "./inputs.js";

export const DEFAULT_METRICS_PATH = "docs/incidents/metrics.md";

/**
 * `mode: metrics`: the report across the repository's incidents in the job summary and, with
 * `commit: true`, committed to the default branch (needs `contents: write`).
 */
export async function runMetrics(deps: ServiceDeps, inputs: ActionInputs): Promise<void> {
  const report = await gatherMetrics(deps, {
    since: reportDate("since", inputs.since || undefined, false),
    until: reportDate("until", inputs.until || undefined, true),
  });
  const { owner, repo } = deps.port.repo;
  const markdown = renderReport(report, "markdown", `${owner}/${repo}`);
  await core.summary.addRaw(markdown, true).write();
  core.setOutput("incident", "");
  core.setOutput("decision", "done");
  core.setOutput("reason", `${report.all.incidents} incidents measured`);
  if (report.unreadable.length)
    core.warning(
      `${report.unreadable.length} incident(s) not readable, left out of the metrics: ${report.unreadable.map((n) => `#${n}`).join(", ")}`,
    );
  if (!/^(true|yes|1)$/i.test(inputs.commit)) return;
  const path = inputs["metrics-path"] || DEFAULT_METRICS_PATH;
  const branch = await deps.port.defaultBranch();
  const sha = await deps.port.commitFile({
    path,
    content: markdown,
    message: "Update incident metrics",
    branch,
  });
  core.info(
    sha ? `Hotwash: committed ${path} to ${branch} (${sha.slice(0, 7)})` : `Hotwash: ${path} unchanged`,
  );
}
