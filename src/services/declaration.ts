import type { HotwashConfig } from "../core/config/schema.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { ServiceDeps } from "./deps.js";
import type { LoadedIncident } from "./incident-store.js";
import { ensureLabelsQuietly } from "./labels.js";
import { addSuspectsIfDeclared } from "./suspects.js";

/**
 * What a declaration does before the board's first write and the label change: list the suspect
 * changes, and create Hotwash's missing labels, so the ones about to be set are not GitHub's grey
 * defaults (in Action mode this is how a repository gets them; the App also does it on install).
 */
export async function prepareDeclaration(
  deps: ServiceDeps,
  loaded: LoadedIncident,
  newEvents: readonly IncidentEvent[],
  config: HotwashConfig,
): Promise<LoadedIncident> {
  const declaring = newEvents.some((e) => e.type === "declared");
  const [next] = await Promise.all([
    addSuspectsIfDeclared(deps, loaded, newEvents, config),
    declaring ? ensureLabelsQuietly(deps.port, config, deps.log) : undefined,
  ]);
  return next;
}
