import { writeFile } from "node:fs/promises";
import { renderReport, type ReportFormat } from "../core/metrics/render-report.js";
import { reportDate } from "../core/metrics/report.js";
import { gatherMetrics } from "../services/metrics.js";
import { cliDeps, parseArgs } from "./context.js";

const FORMATS: readonly ReportFormat[] = ["markdown", "json", "csv"];

/**
 * `hotwash metrics --repo o/r [--since DATE] [--until DATE] [--format markdown|json|csv] [--out FILE]`:
 * figures across the repository's incidents, read from their boards.
 */
export async function metricsCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      format: { type: "string", default: "markdown" },
      out: { type: "string" },
    },
  });
  const format = values.format as ReportFormat;
  if (!FORMATS.includes(format))
    throw new Error(`--format must be markdown, json or csv (got "${values.format}")`);
  const deps = cliDeps(values.repo, env);
  const report = await gatherMetrics(deps, {
    since: reportDate("--since", values.since, false),
    until: reportDate("--until", values.until, true),
  });
  const text = renderReport(report, format, `${deps.port.repo.owner}/${deps.port.repo.repo}`);
  if (values.out) {
    await writeFile(values.out, text, "utf8");
    process.stdout.write(`Wrote ${values.out}\n`);
  } else process.stdout.write(text);
  if (report.unreadable.length)
    process.stderr.write(
      `warning: ${report.unreadable.length} incident(s) not readable, left out: ${report.unreadable.map((n) => `#${n}`).join(", ")}\n`,
    );
  return 0;
}
