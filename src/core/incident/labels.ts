import { STATUSES, type HotwashConfig, type Status } from "../config/schema.js";
import { truncate } from "../text/markdown.js";

/** A label Hotwash uses, as it creates it when the repository lacks it. */
export interface LabelSpec {
  name: string;
  /** Six hex digits, no `#` (GitHub's format). */
  color: string;
  description: string;
}

/** GitHub rejects longer label descriptions. */
const MAX_DESCRIPTION = 100;

/** Most severe first; a ladder longer than this repeats the last colour. */
const SEVERITY_COLORS = ["b60205", "d93f0b", "fbca04", "c2e0c6", "bfd4f2"] as const;

const STATUS_LABELS: Record<Status, { color: string; description: string }> = {
  investigating: { color: "f9d0c4", description: "Incident status: investigating, cause not known yet" },
  identified: { color: "fef2c0", description: "Incident status: cause identified, fix under way" },
  monitoring: { color: "c5def5", description: "Incident status: mitigated, watching for recurrence" },
  resolved: { color: "0e8a16", description: "Incident status: resolved" },
};

/**
 * Every label the configuration makes Hotwash use (incident, severities, statuses, drill, action
 * items, post-mortems), with a colour and a description. Names are case-insensitive on GitHub, so
 * a name configured twice is listed once.
 */
export function labelCatalogue(config: HotwashConfig): LabelSpec[] {
  const { labels } = config;
  const severities = Object.entries(config.severities).map(([key, severity], index) => ({
    name: key,
    color: SEVERITY_COLORS[Math.min(index, SEVERITY_COLORS.length - 1)] ?? "b60205",
    description: `Severity: ${severity.name}${severity.description ? `, ${severity.description}` : ""}`,
  }));
  const all: LabelSpec[] = [
    {
      name: labels.incident,
      color: "d73a4a",
      description: "Incident run by Hotwash; comment /help for its commands",
    },
    ...severities,
    ...STATUSES.map((status) => ({ name: `${labels.statusPrefix}${status}`, ...STATUS_LABELS[status] })),
    {
      name: labels.drill,
      color: "5319e7",
      description: "Practice incident: pages nobody, left out of metrics",
    },
    { name: labels.actionItem, color: "1d76db", description: "Follow-up from an incident post-mortem" },
    { name: labels.postmortem, color: "0052cc", description: "Post-mortem of an incident" },
  ];
  const seen = new Set<string>();
  return all.flatMap((label) => {
    const key = label.name.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...label, description: truncate(label.description, MAX_DESCRIPTION) }];
  });
}
