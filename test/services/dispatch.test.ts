import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBoardData } from "../../src/core/incident/board.js";
import type { RestWorkflowRun } from "../../src/sim/index.js";
import { createWorld, REPO, type World } from "./harness.js";
import * as hooks from "../support/webhooks.js";

const DISPATCH_ROUTE = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";
const DIAGNOSE_YML = readFileSync(".github/workflows/hotwash-diagnose.yml", "utf8");
const ROLLBACK_YML = readFileSync(".github/workflows/hotwash-rollback.yml", "utf8");
const SERVICES = { api: { environment: "production" }, web: {} };

/** A repository with the example workflows committed and an incident declared by bob. */
async function incidentWorld(
  opts: { config?: Record<string, unknown> | string; ghesMode?: boolean; workflows?: boolean } = {},
): Promise<{ w: World; issue: number; branch: string }> {
  const w = createWorld({
    config: opts.config ?? { services: SERVICES },
    ...(opts.ghesMode ? { ghesMode: true } : {}),
  });
  if (opts.workflows !== false) {
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    w.sim.setFile(REPO, ".github/workflows/hotwash-rollback.yml", ROLLBACK_YML);
  }
  const issue = w.openIssue("Checkout errors").number;
  expect((await w.comment(issue, "bob", "/incident sev2")).kind).toBe("done");
  w.tick(5);
  return { w, issue, branch: w.sim.repository(REPO).default_branch };
}

function dispatchEvents(w: World, issue: number) {
  return (readBoardData(w.board(issue))?.events ?? []).filter((e) => e.type === "dispatch");
}

function lastReply(w: World, issue: number): string {
  return w.replies(issue).at(-1) ?? "";
}

describe("/diagnose dispatches the diagnostics workflow", () => {
  it("passes exactly the documented inputs on the default branch and links the run", async () => {
    const { w, issue, branch } = await incidentWorld();
    const out = await w.comment(issue, "bob", "/diagnose api env=prod region=eu");

    expect(out.kind).toBe("done");
    expect(w.sim.dispatches).toHaveLength(1);
    const [dispatch] = w.sim.dispatches;
    expect(dispatch?.workflowPath).toBe(".github/workflows/hotwash-diagnose.yml");
    expect(dispatch?.ref).toBe(branch);
    expect(dispatch?.inputs).toEqual({
      incident: String(issue),
      command: "diagnose",
      service: "api",
      ref: "",
      actor: "bob",
      params: JSON.stringify({ env: "prod", region: "eu" }),
    });
    expect(JSON.parse(String(dispatch?.inputs["params"]))).toEqual({ env: "prod", region: "eu" });

    const runUrl = `https://github.com/acme/shop/actions/runs/${dispatch?.runId}`;
    expect(lastReply(w, issue)).toContain(runUrl);
    expect(lastReply(w, issue)).toContain("hotwash-diagnose.yml");
    const board = w.board(issue);
    expect(board).toContain("### Diagnostics and rollbacks");
    expect(board).toContain(runUrl);
    expect(board).toMatch(/🩺 \*\*diagnose\*\* `api`.*by @\u200bbob/);
    expect(w.reactions(out.commentId)).toEqual(["eyes", "rocket"]);
  });

  it("runs the workflow on the configured ref, not the default branch", async () => {
    const { w, issue } = await incidentWorld({
      config: {
        services: SERVICES,
        workflows: { diagnose: { workflow: "hotwash-diagnose.yml", ref: "ops" } },
      },
    });
    w.sim.createBranch(REPO, "ops");
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(out.kind).toBe("done");
    expect(w.sim.dispatches.map((d) => d.ref)).toEqual(["ops"]);
    expect(w.sim.dispatches[0]?.inputs["params"]).toBe("{}");
  });

  it("uses a service's own workflow when configured", async () => {
    const { w, issue } = await incidentWorld({
      config: { services: { api: { environment: "production" }, web: { diagnose: "web-diagnose.yml" } } },
    });
    w.sim.setFile(REPO, ".github/workflows/web-diagnose.yml", DIAGNOSE_YML);
    await w.comment(issue, "bob", "/diagnose web");
    await w.comment(issue, "bob", "/diagnose api");

    expect(w.sim.dispatches.map((d) => [d.workflowPath, d.inputs["service"]])).toEqual([
      [".github/workflows/web-diagnose.yml", "web"],
      [".github/workflows/hotwash-diagnose.yml", "api"],
    ]);
    expect(dispatchEvents(w, issue).map((e) => e.workflow)).toEqual([
      "web-diagnose.yml",
      "hotwash-diagnose.yml",
    ]);
  });

  it("refuses an unknown service with 😕, listing the configured ones", async () => {
    const { w, issue } = await incidentWorld();
    const out = await w.comment(issue, "bob", "/diagnose payments");

    expect(out.kind).toBe("invalid");
    expect(w.reactions(out.commentId)).toEqual(["confused"]);
    expect(lastReply(w, issue)).toMatch(/`payments` is not a configured service; use one of `api`, `web`/);
    expect(w.sim.dispatches).toEqual([]);
  });

  it("explains how to configure services when there are none", async () => {
    const { w, issue } = await incidentWorld({ config: { services: {} } });
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(out.kind).toBe("invalid");
    expect(lastReply(w, issue)).toContain("No services are configured yet");
    expect(lastReply(w, issue)).toContain("services:");
    expect(lastReply(w, issue)).toContain(".github/hotwash.yml");
    expect(w.sim.dispatches).toEqual([]);
  });

  it.each([
    ["/diagnose api $(whoami)", "is not a `key=value` pair"],
    ['/diagnose api key="x y"', "must be 1-200 letters"],
    ["/diagnose api Region=eu", "is not a parameter name"],
    ["/diagnose api a=1 a=2", "given twice"],
  ])("rejects hostile or malformed parameters: %s", async (body, message) => {
    const { w, issue } = await incidentWorld();
    const boardBefore = w.board(issue);
    const out = await w.comment(issue, "bob", body);

    expect(out.kind).toBe("invalid");
    expect(w.reactions(out.commentId)).toEqual(["confused"]);
    expect(lastReply(w, issue)).toContain(message);
    expect(w.sim.dispatches).toEqual([]);
    expect(w.board(issue)).toBe(boardBefore);
  });

  // KNOWN BUG (src/services/handle-comment.ts, not fixed here): a broken config falls back to the
  // defaults, which have no services, so the reply says "No services are configured yet" and never
  // names the problem in .github/hotwash.yml. Drop `.fails` once invalid replies carry configProblemText.
  it("is refused while .github/hotwash.yml is broken, naming the problem", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.setFile(
      REPO,
      ".github/hotwash.yml",
      "services:\n  api: { environment: production }\nworkflows:\n  diagnose: { workflow: 'not a file' }\n",
    );
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(w.sim.dispatches).toEqual([]);
    expect(dispatchEvents(w, issue)).toEqual([]);
    expect(w.reactions(out.commentId)).toContain("confused");
    const reply = lastReply(w, issue);
    expect(reply).toContain("`.github/hotwash.yml` is not valid");
    expect(reply).toContain("workflows.diagnose.workflow");
  });

  it("an unreadable config never dispatches, even next to a valid command", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.setFile(REPO, ".github/hotwash.yml", "services: [api\n");
    const out = await w.comment(issue, "bob", "/diagnose api\n/note checking api");

    expect(out.kind).not.toBe("done");
    expect(w.reactions(out.commentId)).toContain("confused");
    expect(w.sim.dispatches).toEqual([]);
    expect(w.sim.requestCount({ route: DISPATCH_ROUTE })).toBe(0);
  });
});

describe("/rollback", () => {
  it("needs maintain: bob (write) gets 👎 and nothing is dispatched", async () => {
    const { w, issue } = await incidentWorld();
    const out = await w.comment(issue, "bob", "/rollback api to v1.2.3");

    expect(out.kind).toBe("refused");
    expect(w.reactions(out.commentId)).toEqual(["-1"]);
    expect(lastReply(w, issue)).toContain("needs **maintain** access");
    expect(w.sim.dispatches).toEqual([]);
  });

  it("dispatches for alice with the target as the ref input and the workflow on the configured ref", async () => {
    const { w, issue } = await incidentWorld({
      config: {
        services: SERVICES,
        workflows: { rollback: { workflow: "hotwash-rollback.yml", ref: "ops" } },
      },
    });
    w.sim.createBranch(REPO, "ops");
    w.sim.createBranch(REPO, "v1.2.3");
    const out = await w.comment(issue, "alice", "/rollback api to v1.2.3");

    expect(out.kind).toBe("done");
    expect(w.reactions(out.commentId)).toEqual(["eyes", "rocket"]);
    const [dispatch] = w.sim.dispatches;
    expect(dispatch?.workflowPath).toBe(".github/workflows/hotwash-rollback.yml");
    expect(dispatch?.ref).toBe("ops");
    expect(dispatch?.inputs).toEqual({
      incident: String(issue),
      command: "rollback",
      service: "api",
      ref: "v1.2.3",
      actor: "alice",
      params: "{}",
    });
    expect(w.board(issue)).toMatch(/⏪ \*\*rollback\*\* `api` to `v1\.2\.3`/);
    expect(lastReply(w, issue)).toContain(`actions/runs/${dispatch?.runId}`);
  });

  it("dispatches once when the same comment is delivered again", async () => {
    const { w, issue } = await incidentWorld();
    const comment = w.sim.createComment(REPO, issue, "/rollback api to main", "alice");
    const payload = hooks.issueCommentCreated({ issue: w.sim.issue(REPO, issue), comment });
    expect((await w.deliver("issue_comment", payload)).kind).toBe("done");
    const replies = w.replies(issue).length;
    expect((await w.deliver("issue_comment", payload)).kind).toBe("duplicate");

    expect(w.sim.dispatches).toHaveLength(1);
    expect(dispatchEvents(w, issue)).toHaveLength(1);
    expect(w.replies(issue)).toHaveLength(replies);
  });

  it("never takes the workflow ref from the comment", async () => {
    const { w, issue, branch } = await incidentWorld();
    w.sim.createBranch(REPO, "evil");
    await w.comment(issue, "alice", "/rollback api to evil");
    expect(w.sim.dispatches.map((d) => [d.ref, d.inputs["ref"]])).toEqual([[branch, "evil"]]);
  });

  it.each([
    "/rollback api to main; rm -rf /",
    "/rollback api to ../../etc",
    "/rollback api to $(id)",
    "/rollback api to",
  ])("rejects a hostile or missing target: %s", async (body) => {
    const { w, issue } = await incidentWorld();
    const out = await w.comment(issue, "alice", body);

    expect(out.kind).toBe("invalid");
    expect(w.reactions(out.commentId)).toEqual(["confused"]);
    expect(lastReply(w, issue)).toContain("Nothing was changed");
    expect(w.sim.dispatches).toEqual([]);
    expect(w.sim.requestCount({ route: DISPATCH_ROUTE })).toBe(0);
  });

  describe("without `to`, picks the previous successful deployment", () => {
    it.each(["success", "failure"] as const)("when the current deployment's state is %s", async (current) => {
      const { w, issue } = await incidentWorld();
      const older = w.sim.setFile(REPO, "app.txt", "1");
      w.sim.createDeployment(REPO, {
        ref: older,
        environment: "production",
        statuses: [{ state: "success" }],
      });
      w.tick(60);
      const previous = w.sim.setFile(REPO, "app.txt", "2");
      w.sim.createDeployment(REPO, {
        ref: "v1.4.0",
        sha: previous,
        environment: "production",
        statuses: [{ state: "success" }],
      });
      w.tick(60);
      // Another environment's newer deployment is not a candidate.
      w.sim.createDeployment(REPO, {
        ref: "main",
        sha: w.sim.setFile(REPO, "app.txt", "s"),
        environment: "staging",
        statuses: [{ state: "success" }],
      });
      w.tick(60);
      const bad = w.sim.setFile(REPO, "app.txt", "3");
      w.sim.createDeployment(REPO, {
        ref: "v1.5.0",
        sha: bad,
        environment: "production",
        statuses: [{ state: "in_progress" }, { state: current }],
      });
      w.tick(5);
      const out = await w.comment(issue, "alice", "/rollback api");

      expect(out.kind).toBe("done");
      expect(w.sim.dispatches.map((d) => d.inputs["ref"])).toEqual([previous]);
      const reply = lastReply(w, issue);
      expect(reply).toContain("`v1.4.0`");
      expect(reply).toContain(previous.slice(0, 7));
      expect(reply).toContain("previous successful deployment to `production`");
      expect(dispatchEvents(w, issue).map((e) => e.ref)).toEqual([previous]);
    });

    it("asks for an explicit ref when there is no earlier successful deployment", async () => {
      const { w, issue } = await incidentWorld();
      w.sim.createDeployment(REPO, {
        ref: "main",
        environment: "production",
        statuses: [{ state: "success" }],
      });
      const out = await w.comment(issue, "alice", "/rollback api");

      expect(out.kind).toBe("failed");
      expect(w.reactions(out.commentId)).toEqual(["eyes", "confused"]);
      expect(lastReply(w, issue)).toContain("no earlier successful deployment of `api` to `production`");
      expect(lastReply(w, issue)).toContain("/rollback api to <tag, branch or SHA>");
      expect(w.sim.dispatches).toEqual([]);
      expect(dispatchEvents(w, issue)).toEqual([]);
    });

    it("explains how to configure a service that has no environment", async () => {
      const { w, issue } = await incidentWorld();
      w.sim.clearRequests();
      const out = await w.comment(issue, "alice", "/rollback web");

      expect(out.kind).toBe("failed");
      expect(lastReply(w, issue)).toContain("services.web.environment");
      expect(lastReply(w, issue)).toContain("/rollback web to <tag, branch or SHA>");
      expect(w.sim.requestCount({ route: "/repos/{owner}/{repo}/deployments" })).toBe(0);
      expect(w.sim.dispatches).toEqual([]);
    });
  });
});

describe("GitHub Enterprise Server without return_run_details", () => {
  it("dispatches anyway and attaches the run when its workflow_run events arrive", async () => {
    const { w, issue } = await incidentWorld({ ghesMode: true });
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(out.kind).toBe("done");
    expect(w.reactions(out.commentId)).toEqual(["eyes", "rocket"]);
    expect(w.sim.dispatches).toHaveLength(1);
    expect(lastReply(w, issue)).toContain("the run link appears on the board once it starts");
    const runId = w.sim.dispatches[0]?.runId ?? 0;
    const runUrl = `https://github.com/acme/shop/actions/runs/${runId}`;
    expect(w.board(issue)).not.toContain(runUrl);
    expect(w.board(issue)).toContain("⏳ requested");

    w.tick(1);
    const started: RestWorkflowRun = w.sim.startRun(REPO, runId);
    expect(started.display_title).toContain(`#${issue}`);
    expect(started.path).toBe(".github/workflows/hotwash-diagnose.yml");
    expect((await w.deliver("workflow_run", hooks.workflowRunEvent("requested", started))).kind).toBe("done");
    expect(w.board(issue)).toContain(runUrl);
    expect(w.board(issue)).toContain("⏳ running");

    w.tick(3);
    const completed = w.sim.completeRun(REPO, runId, "success");
    expect((await w.deliver("workflow_run", hooks.workflowRunEvent("completed", completed))).kind).toBe(
      "done",
    );
    const board = w.board(issue);
    expect(board).toMatch(/🩺 \*\*diagnose\*\* `api`.*✅ succeeded.*actions\/runs\//);
    expect(board).toContain("Diagnose run for `api` ✅ succeeded in 3m");
  });
});

describe("a dispatch GitHub refuses", () => {
  it("names the missing workflow file and leaves no phantom dispatch", async () => {
    const { w, issue } = await incidentWorld({ workflows: false });
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(out.kind).toBe("failed");
    expect(w.reactions(out.commentId)).toEqual(["eyes", "confused"]);
    const reply = lastReply(w, issue);
    expect(reply).toContain(".github/workflows/hotwash-diagnose.yml");
    expect(w.sim.dispatches).toEqual([]);
    expect(dispatchEvents(w, issue)).toEqual([]);
    expect(w.board(issue)).not.toContain("Diagnostics and rollbacks");

    // Once the workflow is added, the same command works.
    w.sim.setFile(REPO, ".github/workflows/hotwash-diagnose.yml", DIAGNOSE_YML);
    expect((await w.comment(issue, "bob", "/diagnose api")).kind).toBe("done");
    expect(dispatchEvents(w, issue)).toHaveLength(1);
  });

  it("on 403, says the token needs the actions: write permission", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.failNext({ method: "POST", route: DISPATCH_ROUTE, status: 403 });
    const out = await w.comment(issue, "alice", "/rollback api to v1.2.3");

    expect(out.kind).toBe("failed");
    expect(w.reactions(out.commentId)).toEqual(["eyes", "confused"]);
    expect(lastReply(w, issue)).toMatch(/actions: write/i);
    expect(w.sim.dispatches).toEqual([]);
    expect(dispatchEvents(w, issue)).toEqual([]);
    expect(w.board(issue)).not.toContain("CAUTION");
  });

  it("explains a workflow that does not accept Hotwash's inputs", async () => {
    const { w, issue } = await incidentWorld();
    w.sim.setFile(
      REPO,
      ".github/workflows/hotwash-diagnose.yml",
      "name: d\non:\n  workflow_dispatch:\n    inputs:\n      incident: { required: true }\njobs: {}\n",
    );
    const out = await w.comment(issue, "bob", "/diagnose api");

    expect(out.kind).toBe("failed");
    const reply = lastReply(w, issue);
    expect(reply).toContain("Unexpected inputs");
    expect(reply).toContain("hotwash-diagnose.yml");
    expect(w.sim.dispatches).toEqual([]);
    expect(dispatchEvents(w, issue)).toEqual([]);
  });
});
