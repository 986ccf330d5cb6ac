import type { IncidentEvent } from "../../src/core/incident/events.js";
import type { ActivityItem } from "../../src/core/timeline/entries.js";

export const REPO_URL = "https://github.com/acme/shop";
export const t = (hm: string, day = "2024-05-01") => `${day}T${hm}:00.000Z`;
const run = (id: number) => `${REPO_URL}/actions/runs/${id}`;

/**
 * The checkout outage: declared sev2 and raised to sev1, commander handed over, diagnosed, rolled
 * back, monitored and resolved, with a backdated first sighting and two action items.
 */
export const OUTAGE: IncidentEvent[] = [
  {
    type: "declared",
    at: t("10:00"),
    actor: "alice",
    source: 101,
    title: "Checkout API returns 500s",
    severity: "sev2",
    drill: false,
    commander: "alice",
  },
  { type: "severity", at: t("10:05"), actor: "alice", source: 102, from: "sev2", to: "sev1" },
  { type: "commander", at: t("10:07"), actor: "alice", source: 103, user: "bob" },
  {
    type: "status",
    at: t("10:20"),
    actor: "bob",
    source: 104,
    status: "identified",
    message: "Bad deploy of api v1.4.3, cc @dave | pool exhausted",
  },
  {
    type: "backdated",
    at: t("09:55"),
    actor: "carol",
    source: 105,
    text: "First 500s in the dashboards",
    recordedAt: t("10:25"),
  },
  {
    type: "dispatch",
    at: t("10:12"),
    actor: "alice",
    source: 106,
    command: "diagnose",
    service: "api",
    workflow: "hotwash-diagnose.yml",
    ref: null,
    runId: 501,
    runUrl: run(501),
  },
  {
    type: "run",
    at: t("10:15"),
    actor: "github-actions[bot]",
    runId: 501,
    workflow: "hotwash-diagnose.yml",
    phase: "completed",
    conclusion: "success",
    url: run(501),
    durationMs: 180_000,
  },
  {
    type: "dispatch",
    at: t("10:30"),
    actor: "bob",
    source: 107,
    command: "rollback",
    service: "api",
    workflow: "hotwash-rollback.yml",
    ref: "v1.4.2",
    runId: 502,
    runUrl: run(502),
  },
  {
    type: "run",
    at: t("10:38"),
    actor: "github-actions[bot]",
    runId: 502,
    workflow: "hotwash-rollback.yml",
    phase: "completed",
    conclusion: "success",
    url: run(502),
    durationMs: 480_000,
  },
  {
    type: "status",
    at: t("10:40"),
    actor: "bob",
    source: 108,
    status: "monitoring",
    message: "Error rate back to normal",
  },
  { type: "status", at: t("11:10"), actor: "bob", source: 109, status: "resolved", message: null },
  {
    type: "action-item",
    at: t("11:15"),
    actor: "bob",
    source: 110,
    title: "Add connection-pool alerts",
    owner: "carol",
    due: "2024-05-15",
    priority: "P1",
    issue: 57,
  },
  {
    type: "action-item",
    at: t("11:16"),
    actor: "bob",
    source: 111,
    title: "Canary deploys for api",
    owner: null,
    due: null,
    priority: "P2",
    issue: 58,
  },
];

export const ACTIVITY: ActivityItem[] = [
  {
    at: t("10:50"),
    actor: "dave",
    kind: "pull-request",
    text: "Pull request #61: Revert pool size change (merged)",
    link: `${REPO_URL}/pull/61`,
  },
];
