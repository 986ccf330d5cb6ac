import type { HotwashConfig } from "../core/config/schema.js";
import type { IncidentEvent, SuspectDeployment } from "../core/incident/events.js";
import { serviceOfEnvironment } from "../core/incident/catalog.js";
import type { ServiceDeps } from "./deps.js";
import { HOTWASH_ACTOR, withEvents, type LoadedIncident } from "./incident-store.js";

const DEPLOYMENTS_PER_ENVIRONMENT = 10;
/** When no service names an environment, one list of every environment's deployments. */
const DEPLOYMENTS_ANY_ENVIRONMENT = 20;

/**
 * When a command declares the incident, look up what shipped in the window before it (concurrent
 * reads, before the board's single write). A failed lookup never blocks a declaration.
 */
export async function addSuspectsIfDeclared(
  deps: ServiceDeps,
  loaded: LoadedIncident,
  newEvents: readonly IncidentEvent[],
  config: HotwashConfig,
): Promise<LoadedIncident> {
  const declared = newEvents.find((e) => e.type === "declared");
  if (!declared || loaded.state.suspects) return loaded;
  try {
    return withEvents(loaded, [await findSuspects(deps, config, declared.at)]);
  } catch (error) {
    deps.log?.warn("suspect changes could not be listed", { error: String(error) });
    return loaded;
  }
}

async function findSuspects(
  deps: ServiceDeps,
  config: HotwashConfig,
  declaredAt: string,
): Promise<IncidentEvent> {
  const windowStart = new Date(Date.parse(declaredAt) - config.suspects.window).toISOString();
  const services = Object.entries(config.services).filter(([, s]) => s.environment);
  const environments = [...new Set(services.map(([, s]) => s.environment as string))];
  // Without services that name environments, whatever was deployed anywhere is a suspect.
  const lists = environments.length
    ? environments.map((env) => deps.port.listDeployments(env, DEPLOYMENTS_PER_ENVIRONMENT, windowStart))
    : [deps.port.listDeployments(null, DEPLOYMENTS_ANY_ENVIRONMENT, windowStart)];
  const [pulls, ...perEnvironment] = await Promise.all([
    deps.port.listMergedPulls(windowStart, declaredAt),
    ...lists,
  ]);
  const deployments: SuspectDeployment[] = perEnvironment.flat().flatMap((d) => {
    if (d.createdAt < windowStart || d.createdAt > declaredAt) return [];
    // A deployment no service claims is the repository's own.
    const service = serviceOfEnvironment(config, d.environment) ?? deps.port.repo.repo;
    return [
      {
        service,
        environment: d.environment,
        ref: d.ref,
        sha: d.sha,
        at: d.createdAt,
        creator: d.creator,
        state: d.state,
      },
    ];
  });
  return {
    type: "suspects",
    at: declaredAt,
    actor: HOTWASH_ACTOR,
    windowStart,
    deployments,
    pulls: pulls.map((p) => ({
      number: p.number,
      title: p.title,
      author: p.author,
      mergedAt: p.mergedAt,
      url: p.htmlUrl,
    })),
  };
}
