import { quoteText } from "../core/text/markdown.js";
import type { Effect } from "../core/incident/decide.js";
import type { IncidentEvent } from "../core/incident/events.js";
import type { ServiceDeps } from "./deps.js";
import type { EffectContext, EffectOutcome } from "./effects.js";
import { GitHubError, type Deployment } from "./port.js";
import { UserFacingError } from "./replies.js";
import { ownValue } from "../core/config/lookup.js";
import { runbookLink } from "../core/incident/catalog.js";

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
  const service = ownValue(config.services, effect.service);
  const workflows = config.workflows[effect.command];
  const overridden = effect.command === "diagnose" ? service?.diagnose : service?.rollback;
  const workflow = overridden ?? workflows.workflow;
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
  const run = await deps.port
    .dispatchWorkflow({ workflow, ref: workflowRef, inputs })
    .catch((error: unknown) => {
      throw explainDispatchFailure(error, effect, workflow, workflowRef, Boolean(overridden));
    });
  const event: IncidentEvent = {
    type: "dispatch",
    // The command's own time, like every other entry a comment makes.
    at: comment.createdAt,
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
  const runbook = service ? runbookLink(service) : null;
  if (runbook) replies.push(`📖 Runbook for \`${effect.service}\`: ${runbook}`);
  return { events: [event], replies };
}

/** What the responder (or whoever maintains the repository) can do about a dispatch GitHub refused. */
function explainDispatchFailure(
  error: unknown,
  effect: DispatchEffect,
  workflow: string,
  ref: string,
  overridden: boolean,
): unknown {
  if (!(error instanceof GitHubError)) return error;
  const file = `\`.github/workflows/${workflow}\``;
  const setting = overridden
    ? `\`services.${effect.service}.${effect.command}\``
    : `\`workflows.${effect.command}.workflow\``;
  const detail = `${error.status}: ${quoteText(error.message)}`;
  switch (error.kind) {
    case "not-found":
      return new UserFacingError(
        `GitHub has no workflow ${file} on \`${quoteText(ref)}\` that Hotwash can run (${detail}). Add it there (start from Hotwash's example \`hotwash-${effect.command}.yml\`), or point ${setting} in \`.github/hotwash.yml\` at the right file.`,
      );
    case "forbidden":
      return new UserFacingError(
        `GitHub refused to start ${file} (${detail}). Hotwash's token needs the \`actions: write\` permission: accept it in the GitHub App installation's settings (see \`app.yml\`), or add \`actions: write\` to the \`permissions:\` of the workflow that runs the Hotwash Action.`,
      );
    case "validation":
      return new UserFacingError(
        `GitHub would not dispatch ${file} on \`${quoteText(ref)}\` (${detail}). The workflow needs an \`on: workflow_dispatch\` trigger declaring the inputs \`incident\`, \`command\`, \`service\`, \`ref\`, \`actor\` and \`params\` (as Hotwash's example does), and the branch or tag it runs on (\`workflows.${effect.command}.ref\`, default: the default branch) must exist.`,
      );
    default:
      return error;
  }
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
