import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { incidentFromRunTitle } from "../../src/services/workflow-run.js";
import { ACTION_INPUTS, ACTION_OUTPUTS } from "../../src/action/inputs.js";

const DISPATCH_INPUTS = ["incident", "command", "service", "ref", "actor", "params"];

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}
interface Workflow {
  name: string;
  "run-name"?: string;
  on: Record<string, { inputs?: Record<string, unknown>; types?: string[]; workflows?: string[] }>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean; queue?: string };
  jobs: Record<string, { steps: Step[]; environment?: string; if?: string }>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(`.github/workflows/${name}`, "utf8")) as Workflow;
}
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

describe.each(["hotwash-diagnose.yml", "hotwash-rollback.yml"])("%s", (file) => {
  const wf = workflow(file);

  it("accepts exactly the inputs Hotwash dispatches", () => {
    expect(Object.keys(wf.on.workflow_dispatch?.inputs ?? {}).sort()).toEqual([...DISPATCH_INPUTS].sort());
  });

  it("never interpolates inputs into a script (they go through env:)", () => {
    for (const step of steps(wf)) {
      expect(step.run ?? "").not.toMatch(/\$\{\{/);
    }
  });

  it("names its run after the incident, so workflow_run events find it", () => {
    const title = (wf["run-name"] ?? "")
      .replace("${{ inputs.incident }}", "42")
      .replace(/\$\{\{[^}]*\}\}/g, "x");
    expect(incidentFromRunTitle(title)).toBe(42);
  });

  it("asks for minimal permissions and reports back even when the work fails", () => {
    expect(wf.permissions["contents"]).toBe("read");
    expect(Object.values(wf.permissions)).not.toContain("write-all");
    const report = steps(wf).find((s) => s.with?.mode === "report");
    expect(report?.if).toBe("always()");
    expect(report?.with?.incident).toBe("${{ inputs.incident }}");
  });
});

describe("hotwash-rollback.yml", () => {
  it("runs in a GitHub Environment so production rollbacks can require a reviewer", () => {
    expect(workflow("hotwash-rollback.yml").jobs.rollback?.environment).toBe("production");
  });
});

describe("hotwash.yml (Hotwash as an Action)", () => {
  const wf = workflow("hotwash.yml");

  it("serializes per incident and never cancels a pending run", () => {
    expect(wf.concurrency.group).toContain("github.event.issue.number");
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
    expect(wf.concurrency.queue).toBe("max");
  });

  it("listens to every event the handlers serve and to its own diagnose/rollback workflows", () => {
    expect(Object.keys(wf.on).sort()).toEqual([
      "issue_comment",
      "issues",
      "pull_request",
      "schedule",
      "workflow_run",
    ]);
    expect(wf.on.workflow_run?.workflows).toEqual([
      workflow("hotwash-diagnose.yml").name,
      workflow("hotwash-rollback.yml").name,
    ]);
    expect(wf.on.issue_comment?.types).toEqual(["created"]);
  });
});

describe("action/action.yml", () => {
  const action = parse(readFileSync("action/action.yml", "utf8")) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };

  it("declares the inputs and outputs the code reads and writes", () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    expect(Object.keys(action.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
  });

  it("runs the committed bundle on node24 and defaults to handle mode with the workflow token", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(action.inputs.mode?.default).toBe("handle");
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
  });
});
