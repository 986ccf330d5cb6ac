import { formatDuration } from "../config/duration.js";
import { tableCell } from "../text/markdown.js";
import type { Figures, MetricsReport, Spread } from "./report.js";

export type ReportFormat = "markdown" | "json" | "csv";

export function renderReport(report: MetricsReport, format: ReportFormat, repo: string): string {
  if (format === "json") return `${JSON.stringify({ repo, ...report }, null, 2)}\n`;
  if (format === "csv") return renderCsv(report);
  return renderMarkdown(report, repo);
}

const COLUMNS = [
  "Incidents",
  "MTTA median",
  "MTTA p90",
  "MTTM median",
  "MTTM p90",
  "MTTR median",
  "MTTR p90",
  "Ack. target breached",
  "Resolve target breached",
  "Post-mortems required",
  "Post-mortems done",
  "Done on time",
  "Action items open",
  "Overdue",
  "Done",
];

function cells(f: Figures): string[] {
  const d = (s: Spread, key: "median" | "p90") => (s[key] === null ? "–" : formatDuration(s[key]));
  return [
    String(f.incidents),
    d(f.mtta, "median"),
    d(f.mtta, "p90"),
    d(f.mttm, "median"),
    d(f.mttm, "p90"),
    d(f.mttr, "median"),
    d(f.mttr, "p90"),
    String(f.acknowledgeBreached),
    String(f.resolveBreached),
    String(f.postmortems.required),
    String(f.postmortems.done),
    String(f.postmortems.onTime),
    String(f.actionItems.open),
    String(f.actionItems.overdue),
    String(f.actionItems.done),
  ];
}

function table(first: string, rows: [string, Figures][]): string {
  const line = (values: string[]) => `| ${values.join(" | ")} |`;
  return [
    line([first, ...COLUMNS]),
    line([first, ...COLUMNS].map(() => "---")),
    ...rows.map(([name, f]) => line([tableCell(name), ...cells(f)])),
  ].join("\n");
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function period(report: MetricsReport): string {
  const until = report.until ? day(new Date(Date.parse(report.until) - 1).toISOString()) : null;
  if (report.since && until) return `declared ${day(report.since)} to ${until}`;
  if (report.since) return `declared since ${day(report.since)}`;
  if (until) return `declared until ${until}`;
  return "every incident";
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function renderMarkdown(report: MetricsReport, repo: string): string {
  const notes = [
    `${plural(report.all.incidents, "incident", "incidents")} measured (${period(report)}; as of ${report.now.slice(0, 16).replace("T", " ")} UTC).`,
    report.drills ? `${plural(report.drills, "drill", "drills")}, not in the figures.` : null,
    report.falseAlarms
      ? `${plural(report.falseAlarms, "false alarm", "false alarms")} (closed as not planned), left out.`
      : null,
    report.unreadable.length
      ? `${plural(report.unreadable.length, "incident", "incidents")} not readable (board missing, or its data changed by someone other than Hotwash), left out: ${report.unreadable.map((n) => `#${n}`).join(", ")}.`
      : null,
  ].filter((n): n is string => n !== null);
  const parts = [`## Incident metrics: ${tableCell(repo)}`, notes.join("\n")];
  if (report.all.incidents) {
    parts.push(
      `### By severity\n\n${table("Severity", [...report.bySeverity.map((s) => [s.severity, s.figures] as [string, Figures]), ["All", report.all]])}`,
      `### By month (of declaration, UTC)\n\n${table(
        "Month",
        report.byMonth.map((m) => [m.month, m.figures]),
      )}`,
      incidentsChart(report),
      mttrChart(report),
    );
  }
  parts.push(
    "_MTTA / MTTM / MTTR: time from declaration to acknowledgement / mitigation / resolution. Median: the middle value (mean of the two middle ones for an even count); p90: nearest rank. A target is breached when its milestone came late, or has not come and is already late. A post-mortem is done when its pull request is merged, on time when merged within `postmortem.dueWithin` of resolution. An action item is overdue when its due date has passed and it is not done._",
  );
  return `${parts.filter(Boolean).join("\n\n")}\n`;
}

/** One bar per month and severity: Mermaid's xychart has no stacked bars or legend. */
function incidentsChart(report: MetricsReport): string {
  const labels: string[] = [];
  const values: number[] = [];
  for (const m of report.byMonth) {
    for (const severity of report.severities) {
      labels.push(`${m.month} ${severity}`);
      values.push(m.incidentsBySeverity[severity] ?? 0);
    }
  }
  const max = Math.max(1, ...values);
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Incidents per month by severity"',
    `  x-axis [${labels.map((l) => JSON.stringify(l)).join(", ")}]`,
    `  y-axis "Incidents" 0 --> ${max}`,
    `  bar [${values.join(", ")}]`,
    "```",
  ].join("\n");
}

/** Median MTTR per month in hours; months without a resolved incident are left out. */
function mttrChart(report: MetricsReport): string {
  const points = report.byMonth.flatMap((m) =>
    m.figures.mttr.median === null
      ? []
      : [[m.month, Math.round(m.figures.mttr.median / 360_000) / 10] as const],
  );
  if (!points.length) return "";
  const max = Math.max(1, ...points.map(([, h]) => Math.ceil(h)));
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Median MTTR per month (hours)"',
    `  x-axis [${points.map(([m]) => JSON.stringify(m)).join(", ")}]`,
    `  y-axis "Hours" 0 --> ${max}`,
    `  line [${points.map(([, h]) => h).join(", ")}]`,
    "```",
  ].join("\n");
}

const CSV_HEADER = [
  "scope",
  "key",
  "incidents",
  "mtta_median_ms",
  "mtta_p90_ms",
  "mttm_median_ms",
  "mttm_p90_ms",
  "mttr_median_ms",
  "mttr_p90_ms",
  "ack_breached",
  "resolve_breached",
  "postmortems_required",
  "postmortems_done",
  "postmortems_on_time",
  "action_items_open",
  "action_items_overdue",
  "action_items_done",
];

/** One row per severity, per month, and the whole: numbers in ms, empty when there is none. */
function renderCsv(report: MetricsReport): string {
  const n = (v: number | null) => (v === null ? "" : String(v));
  const row = (scope: string, key: string, f: Figures) =>
    [
      scope,
      csvField(key),
      f.incidents,
      n(f.mtta.median),
      n(f.mtta.p90),
      n(f.mttm.median),
      n(f.mttm.p90),
      n(f.mttr.median),
      n(f.mttr.p90),
      f.acknowledgeBreached,
      f.resolveBreached,
      f.postmortems.required,
      f.postmortems.done,
      f.postmortems.onTime,
      f.actionItems.open,
      f.actionItems.overdue,
      f.actionItems.done,
    ].join(",");
  return `${[
    CSV_HEADER.join(","),
    row("all", "", report.all),
    ...report.bySeverity.map((s) => row("severity", s.severity, s.figures)),
    ...report.byMonth.map((m) => row("month", m.month, m.figures)),
  ].join("\n")}\n`;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
