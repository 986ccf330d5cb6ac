import { ownValue } from "../config/lookup.js";
import type { HotwashConfig } from "../config/schema.js";
import { codeSpan, displayLogin } from "../text/markdown.js";
import { labelledLink } from "../timeline/render.js";

type ServiceConfig = HotwashConfig["services"][string];

/** The configured service that deploys to `environment` (the first in config order), or null. */
export function serviceOfEnvironment(config: HotwashConfig, environment: string): string | null {
  return Object.entries(config.services).find(([, s]) => s.environment === environment)?.[0] ?? null;
}

/** Owner teams as shown on the board and in `/help`: readable, never notifying (only escalation pages). */
export function ownerList(owners: readonly string[]): string {
  return owners.map((team) => displayLogin(team)).join(", ");
}

export function runbookLink(service: ServiceConfig): string | null {
  return service.runbook ? labelledLink("runbook", service.runbook) : null;
}

/** The board's "Services" section: each affected service with its tier, owners, runbook and dashboards. */
export function servicesSection(services: readonly string[], config: HotwashConfig): string | null {
  if (!services.length) return null;
  const lines = services.map((name) => {
    const service = ownValue(config.services, name);
    // A name the catalog no longer has (config changed since) is still shown, without details.
    if (!service) return `- ${codeSpan(name)} · _not in the catalog_`;
    const dashboards = Object.entries(service.dashboards)
      .map(([label, url]) => labelledLink(label, url))
      .filter((link): link is string => link !== null);
    const parts = [
      codeSpan(name),
      service.tier === null ? null : `tier ${service.tier}`,
      service.owners.length ? `owners ${ownerList(service.owners)}` : null,
      runbookLink(service),
      dashboards.length ? `dashboards ${dashboards.join(", ")}` : null,
    ].filter((part): part is string => part !== null);
    return `- ${parts.join(" · ")}`;
  });
  return `### Services\n\n${lines.join("\n")}`;
}

/** `/help`'s catalog table; null when no services are configured. */
export function catalogTable(config: HotwashConfig): string | null {
  const entries = Object.entries(config.services);
  if (!entries.length) return null;
  return [
    "| Service | Tier | Owners | Runbook |",
    "| --- | --- | --- | --- |",
    ...entries.map(([name, service]) => {
      const cells = [
        codeSpan(name),
        service.tier === null ? "—" : String(service.tier),
        service.owners.length ? ownerList(service.owners) : "—",
        runbookLink(service) ?? "—",
      ];
      // No cell can hold a bare `|`: names and teams exclude it, link labels and URLs escape it.
      return `| ${cells.join(" | ")} |`;
    }),
  ].join("\n");
}
