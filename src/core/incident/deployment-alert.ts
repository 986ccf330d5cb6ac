import { codeSpan } from "../text/markdown.js";
import { formatUtc, markdownLink } from "../timeline/render.js";
import type { FailedDeployment, IncidentState } from "./state.js";

/**
 * A deployment that failed during the incident may have made things worse, or be the fix that
 * did not land: shown at the top of the board until a later deployment there succeeds. Only the
 * incident's services (named, or dispatched for) count; an incident that names none watches every
 * deployment of the repository.
 */
export function failedDeploymentAlert(state: IncidentState): string | null {
  const mine = new Set([...state.services, ...state.dispatches.map((d) => d.service)]);
  const failed = state.failedDeployments.filter(
    (f) => mine.size === 0 || (f.service !== null && mine.has(f.service)),
  );
  if (!failed.length) return null;
  return [
    "> [!WARNING]",
    ...failed.map((f) => `> ${line(f)}`),
    "> Check the deployment's log before deploying again or rolling back.",
  ].join("\n");
}

function line(f: FailedDeployment): string {
  const what = [f.service, f.ref].filter((part): part is string => part !== null).map(codeSpan);
  const how = f.state === "failure" ? "failed" : `failed (${f.state})`;
  const link = f.url ? markdownLink(f.url) : null;
  return `**Deployment of ${what.join(" ")} to ${codeSpan(f.environment)} ${how}** at ${formatUtc(f.at)} UTC${link ? ` (${link})` : ""}.`;
}
