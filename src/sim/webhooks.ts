/**
 * Webhook payloads for tests and the demo. Each starts from GitHub's real example payload for the event/action
 * (`@octokit/webhooks-examples`) and overwrites the parts that come from the simulator's REST
 * objects: issue, comment, pull request, workflow run, repository, sender and installation.
 */
import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";
import type {
  RestComment,
  RestDeployment,
  RestDeploymentStatus,
  RestIssue,
  RestLabel,
  RestPull,
  RestRepository,
  RestUser,
  RestWorkflow,
  RestWorkflowRun,
} from "./rest-types.js";

type Json = Record<string, unknown>;
type Payload<E extends EmitterWebhookEventName> = EmitterWebhookEvent<E>["payload"];

interface Definition {
  name: string;
  examples: Json[];
}

const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as Definition[];

/** A deep copy of the example for this event and action (preferring one with an installation). */
function example(event: string, action: string | undefined): Json {
  const def = definitions.find((d) => d.name === event);
  const candidates = (def?.examples ?? []).filter((e) => action === undefined || e["action"] === action);
  const chosen = candidates.find((e) => e["installation"]) ?? candidates[0];
  if (!chosen) throw new Error(`@octokit/webhooks-examples has no ${event}.${action ?? ""} example`);
  return structuredClone(chosen);
}

/** An organization object shaped like the examples' (for repositories owned by an organization). */
function organization(owner: Json): Json {
  const template = definitions
    .flatMap((d) => d.examples)
    .map((e) => e["organization"])
    .find((o): o is Json => typeof o === "object" && o !== null);
  const login = String(owner["login"]);
  const api = `https://api.github.com/orgs/${login}`;
  return {
    ...structuredClone(template ?? {}),
    login,
    id: owner["id"],
    node_id: owner["node_id"],
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: owner["avatar_url"],
    description: null,
  };
}

/** Finds the repository a REST object belongs to, from its `repository_url`. */
export type RepositoryResolver = (repositoryUrl: string) => RestRepository;

interface Common {
  repository?: RestRepository;
  sender?: RestUser;
  installationId?: number;
}

/**
 * Payload builders. Each starts from GitHub's real example payload for the event/action
 * (`@octokit/webhooks-examples`) and overwrites what comes from the simulator's REST objects.
 */
export function webhookBuilders(resolveRepository: RepositoryResolver) {
  const resolveFor = (obj: { repository_url: string }): RestRepository =>
    resolveRepository(obj.repository_url);

  function finish(payload: Json, repository: RestRepository, sender: unknown, installationId = 1): Json {
    payload["repository"] = repository;
    payload["sender"] = sender;
    payload["installation"] = {
      id: installationId,
      node_id: Buffer.from(`23:IntegrationInstallation${installationId}`).toString("base64"),
    };
    const owner = repository.owner as unknown as Json;
    if (owner["type"] === "Organization") payload["organization"] = organization(owner);
    else delete payload["organization"];
    return payload;
  }

  function issuePayload(
    action: string,
    issue: RestIssue,
    opts: Common,
    extra: Json = {},
    base = action,
  ): Json {
    const payload = example("issues", base);
    payload["action"] = action;
    payload["issue"] = issue;
    delete payload["changes"];
    delete payload["label"];
    delete payload["assignee"];
    Object.assign(payload, extra);
    return finish(
      payload,
      opts.repository ?? resolveFor(issue),
      opts.sender ?? issue.user,
      opts.installationId,
    );
  }

  function issuesOpened(o: Common & { issue: RestIssue }): Payload<"issues.opened"> {
    return issuePayload("opened", o.issue, o) as Payload<"issues.opened">;
  }

  function issuesEdited(
    o: Common & { issue: RestIssue; changes?: { title?: { from: string }; body?: { from: string } } },
  ): Payload<"issues.edited"> {
    return issuePayload("edited", o.issue, o, { changes: o.changes ?? {} }) as Payload<"issues.edited">;
  }

  function issuesLabeled(
    o: Common & { issue: RestIssue; label: RestLabel | string },
  ): Payload<"issues.labeled"> {
    return issuePayload("labeled", o.issue, o, {
      label: labelObject(o.issue, o.label),
    }) as Payload<"issues.labeled">;
  }

  function issuesUnlabeled(
    o: Common & { issue: RestIssue; label: RestLabel | string },
  ): Payload<"issues.unlabeled"> {
    return issuePayload("unlabeled", o.issue, o, {
      label: labelObject(o.issue, o.label),
    }) as Payload<"issues.unlabeled">;
  }

  function issuesAssigned(o: Common & { issue: RestIssue; assignee: RestUser }): Payload<"issues.assigned"> {
    return issuePayload("assigned", o.issue, o, { assignee: o.assignee }) as Payload<"issues.assigned">;
  }

  function issuesReopened(o: Common & { issue: RestIssue }): Payload<"issues.reopened"> {
    return issuePayload("reopened", o.issue, o) as Payload<"issues.reopened">;
  }

  /** issues.closed (the examples have no `closed` payload; it starts from `reopened`, which has the same shape). */
  function issuesClosed(o: Common & { issue: RestIssue }): Payload<"issues.closed"> {
    return issuePayload("closed", o.issue, o, {}, "reopened") as Payload<"issues.closed">;
  }

  function labelObject(issue: RestIssue, label: RestLabel | string): unknown {
    if (typeof label !== "string") return label;
    const found = issue.labels.find((l) => typeof l !== "string" && l.name === label);
    if (!found) throw new Error(`webhooks: issue has no label ${label}; pass the label object`);
    return found;
  }

  function commentPayload(
    action: string,
    o: Common & { issue: RestIssue; comment: RestComment },
    extra: Json = {},
  ): Json {
    const payload = example("issue_comment", action);
    payload["issue"] = o.issue;
    payload["comment"] = o.comment;
    delete payload["changes"];
    Object.assign(payload, extra);
    return finish(payload, o.repository ?? resolveFor(o.issue), o.sender ?? o.comment.user, o.installationId);
  }

  function issueCommentCreated(
    o: Common & { issue: RestIssue; comment: RestComment },
  ): Payload<"issue_comment.created"> {
    return commentPayload("created", o) as Payload<"issue_comment.created">;
  }

  function issueCommentEdited(
    o: Common & { issue: RestIssue; comment: RestComment; from?: string },
  ): Payload<"issue_comment.edited"> {
    return commentPayload("edited", o, {
      changes: { body: { from: o.from ?? "" } },
    }) as Payload<"issue_comment.edited">;
  }

  function issueCommentDeleted(
    o: Common & { issue: RestIssue; comment: RestComment },
  ): Payload<"issue_comment.deleted"> {
    return commentPayload("deleted", o) as Payload<"issue_comment.deleted">;
  }

  /**
   * workflow_run.requested / in_progress / completed for a run from the sim (`sim.createRun`,
   * `sim.completeRun`, or a dispatch). There is no `in_progress` example; it starts from `requested`.
   */
  function workflowRunEvent(
    action: "requested" | "in_progress" | "completed",
    run: RestWorkflowRun,
    opts: Common & { workflow?: RestWorkflow } = {},
  ): Payload<"workflow_run"> {
    const payload = example("workflow_run", action === "in_progress" ? "requested" : action);
    payload["action"] = action;
    payload["workflow_run"] = run;
    const workflow = (payload["workflow"] as Json | undefined) ?? {};
    payload["workflow"] = opts.workflow ?? {
      ...workflow,
      id: run.workflow_id,
      node_id: Buffer.from(`08:Workflow${run.workflow_id}`).toString("base64"),
      name: run.name,
      path: run.path,
      url: run.workflow_url,
      created_at: run.created_at,
      updated_at: run.updated_at,
    };
    const repository = opts.repository ?? (run.repository as unknown as RestRepository);
    return finish(
      payload,
      repository,
      opts.sender ?? run.actor,
      opts.installationId,
    ) as Payload<"workflow_run">;
  }

  function pullRequestOpened(pr: RestPull, opts: Common = {}): Payload<"pull_request.opened"> {
    return pullPayload("opened", pr, opts) as Payload<"pull_request.opened">;
  }

  /** pull_request.synchronize: new commits pushed to the head branch (`before` → the PR's head sha). */
  function pullRequestSynchronize(
    pr: RestPull,
    before: string,
    opts: Common = {},
  ): Payload<"pull_request.synchronize"> {
    const payload = pullPayload("synchronize", pr, opts);
    payload["before"] = before;
    payload["after"] = pr.head.sha;
    return payload as Payload<"pull_request.synchronize">;
  }

  /** pull_request.closed; `merged` overrides the PR object's `merged` flag. */
  function pullRequestClosed(
    pr: RestPull,
    merged: boolean,
    opts: Common = {},
  ): Payload<"pull_request.closed"> {
    return pullPayload("closed", { ...pr, merged }, opts) as Payload<"pull_request.closed">;
  }

  function pullPayload(action: string, pr: RestPull, opts: Common): Json {
    const payload = example("pull_request", action);
    payload["number"] = pr.number;
    payload["pull_request"] = pr;
    const repository = opts.repository ?? (pr.base.repo as unknown as RestRepository);
    return finish(payload, repository, opts.sender ?? pr.merged_by ?? pr.user, opts.installationId);
  }

  /**
   * deployment_status.created for a status from the sim (`sim.addDeploymentStatus`, or
   * `sim.createDeployment` with statuses): the deployment as it is, the status as it was created.
   */
  function deploymentStatusCreated(
    deployment: RestDeployment,
    status: RestDeploymentStatus,
    opts: Common = {},
  ): Payload<"deployment_status.created"> {
    const payload = example("deployment_status", "created");
    payload["deployment"] = deployment;
    payload["deployment_status"] = status;
    delete payload["check_run"];
    delete payload["workflow"];
    delete payload["workflow_run"];
    const repository = opts.repository ?? resolveRepository(deployment.repository_url);
    return finish(
      payload,
      repository,
      opts.sender ?? status.creator,
      opts.installationId,
    ) as Payload<"deployment_status.created">;
  }

  /** `{ id, name, payload }` for `probot.receive`. */
  function webhookEvent<E extends EmitterWebhookEvent["name"]>(
    name: E,
    payload: Payload<E>,
    id: string = crypto.randomUUID(),
  ): { id: string; name: E; payload: Payload<E> } {
    return { id, name, payload };
  }

  return {
    issuesOpened,
    issuesEdited,
    issuesLabeled,
    issuesUnlabeled,
    issuesAssigned,
    issuesReopened,
    issuesClosed,
    issueCommentCreated,
    issueCommentEdited,
    issueCommentDeleted,
    workflowRunEvent,
    pullRequestOpened,
    pullRequestSynchronize,
    pullRequestClosed,
    deploymentStatusCreated,
    webhookEvent,
  };
}
