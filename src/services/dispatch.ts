import { quoteText } from "../core/text/markdown.js";
import type { Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { ServiceDeps } from "./deps.js";
import type { EffectContext, EffectOutcome } from "./effects.js";
import type { Deployment } from "./port.js";
import { UserFacingError } from "./replies.js";

type DispatchEffect = Extract<Effect, { type: "dispatch" }>;

/**
 * `/diagnose` and `/rollback`: values reach the workflow only as workflow_dispatch inputs, and the
 * workflow's ref always comes from config (or the default branch), never from the comment.
 */
export async function runDispatch(
  deps: ServiceDeps,
  ctx: EffectContext,
  effect: DispatchEffect,
): Promise<EffectOutcome> {
  const { config, issue, comment } = ctx;
  const service = config.services[effect.service];
  const workflows = config.workflows[effect.command];
  const workflow =
    (effect.command === "diagnose" ? service?.diagnose : service?.rollback) ?? workflows.workflow;
  const replies: string[] = [];

  let target = effect.ref;
  const [workflowRef, previous] = await Promise.all([
    workflows.ref ? Promise.resolve(workflows.ref) : deps.port.defaultBranch(),
    effect.command === "rollback" && !target
      ? previousGoodDeployment(deps, effect.service, service?.environment ?? null)
      : null,
  ]);
  if (previous) {
    target = previous.sha;
    replies.push(
      `↩️ Rolling back \`${effect.service}\` to \`${quoteText(previous.ref)}\` (${previous.sha.slice(0, 7)}), the previous successful deployment to \`${quoteText(previous.environment)}\` (${previous.createdAt.slice(0, 16).replace("T", " ")} UTC).`,
    );
  }

  const inputs = {
    incident: String(issue.number),
    command: effect.command,
    service: effect.service,
    ref: target ?? "",
    actor: comment.author,
    params: JSON.stringify(effect.params),
  };
  const run = await deps.port.dispatchWorkflow({ workflow, ref: workflowRef, inputs });
  const event: IncidentEvent = {
    type: "dispatch",
    at: deps.now().toISOString(),
    actor: comment.author,
    source: comment.id,
    command: effect.command,
    service: effect.service,
    workflow,
    ref: target,
    runId: run.runId,
    runUrl: run.runUrl,
  };
  const link = run.runUrl
    ? `: [run ${run.runId}](${run.runUrl})`
    : " (the run link appears on the board once it starts)";
  replies.push(
    `${effect.command === "rollback" ? "⏪" : "🩺"} Dispatched \`${workflow}\` for \`${effect.service}\`${link}.`,
  );
  return { events: [event], replies };
}

async function previousGoodDeployment(
  deps: ServiceDeps,
  service: string,
  environment: string | null,
): Promise<Deployment> {
  const usage = `Say where to roll back to: \`/rollback ${service} to <tag, branch or SHA>\``;
  if (!environment) {
    throw new UserFacingError(
      `Hotwash does not know which deployment environment \`${service}\` uses. ${usage}, or set \`services.${service}.environment\` in \`.github/hotwash.yml\` so it can pick the previous successful deployment.`,
    );
  }
  const deployments = (await deps.port.listDeployments(environment, 30)).sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  const current = deployments[0];
  // The newest deployment is what is running now (good or bad); go back to the last good one before it.
  const previous = deployments.find((d) => d !== current && d.state === "success" && d.sha !== current?.sha);
  if (!previous) {
    throw new UserFacingError(
      `There is no earlier successful deployment of \`${service}\` to \`${quoteText(environment)}\` to go back to. ${usage}.`,
    );
  }
  return previous;
}
