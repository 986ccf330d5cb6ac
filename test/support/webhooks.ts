/** Webhook payloads for tests: the simulator's builders, resolving repositories among this test's sims. */
import { webhookBuilders } from "../../src/sim/webhooks.js";
import { activeSims } from "./sim.js";

export const {
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
} = webhookBuilders((url) => {
  const m = /\/repos\/([^/]+)\/([^/]+)$/.exec(url);
  for (const sim of m ? activeSims() : []) {
    try {
      return sim.repository(`${m?.[1]}/${m?.[2]}`);
    } catch {
      // not this sim
    }
  }
  throw new Error(`webhooks: pass \`repository\` (no sim created with createSim knows ${url})`);
});
