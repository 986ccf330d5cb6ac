/** Find the simulator route for a method and path. */
import { compareTemplates, compileTemplate, type CompiledTemplate, matchTemplate } from "./route-match.js";
import type { Route } from "./routes/context.js";
import { ROUTES } from "./routes/index.js";

interface Entry {
  compiled: CompiledTemplate;
  byMethod: Map<string, Route>;
}

let table: Entry[] | undefined;

function entries(): Entry[] {
  if (!table) {
    const byTemplate = new Map<string, Entry>();
    for (const route of ROUTES) {
      const entry = byTemplate.get(route.route) ?? {
        compiled: compileTemplate(route.route),
        byMethod: new Map(),
      };
      entry.byMethod.set(route.method, route);
      byTemplate.set(route.route, entry);
    }
    table = [...byTemplate.values()].sort((a, b) => compareTemplates(a.compiled, b.compiled));
  }
  return table;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function findRoute(method: string, parts: string[]): RouteMatch | undefined {
  for (const entry of entries()) {
    const route = entry.byMethod.get(method);
    if (!route) continue;
    const params = matchTemplate(entry.compiled, parts);
    if (params) return { route, params };
  }
  return undefined;
}

export function allRoutes(): readonly Route[] {
  return ROUTES;
}
