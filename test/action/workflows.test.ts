import { existsSync, readFileSync } from "node:fs";
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
      "deployment_status",
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

describe.each(["hotwash.yml", "hotwash-diagnose.yml", "hotwash-rollback.yml", "hotwash-metrics.yml"])(
  "%s runs the Action from this repository",
  (file) => {
    const wf = workflow(file);

    it("as `uses: ./`, after a checkout of the workflow's own code at the workspace root", () => {
      for (const job of Object.values(wf.jobs)) {
        const local = job.steps.findIndex((s) => s.uses === "./");
        if (local < 0) continue;
        // The last checkout at the root before the step decides which code `./` is.
        const root = job.steps
          .slice(0, local)
          .filter((s) => s.uses?.startsWith("actions/checkout@") && !s.with?.path)
          .at(-1);
        expect(root, "a checkout before `uses: ./`").toBeDefined();
        const ref = root?.with?.ref;
        // Never a pull request's or a dispatched input's code: the default branch, or the workflow's ref.
        expect([undefined, "${{ github.event.repository.default_branch }}"]).toContain(ref);
      }
      const hotwashSteps = steps(wf).filter((s) => /hotwash/i.test(s.uses ?? "") || s.uses === "./");
      expect(hotwashSteps.map((s) => s.uses)).toEqual(hotwashSteps.map(() => "./"));
      expect(hotwashSteps.length).toBeGreaterThan(0);
    });
  },
);

describe("hotwash-postmortem-check.yml", () => {
  const wf = workflow("hotwash-postmortem-check.yml") as Workflow & {
    jobs: Record<string, { if?: string }>;
  };

  it("runs on every push to a post-mortem pull request, and may write only check runs", () => {
    expect(wf.on.pull_request?.types).toEqual(["opened", "synchronize", "reopened"]);
    expect(wf.jobs.postmortem?.if).toBe("startsWith(github.head_ref, 'hotwash/postmortem-')");
    expect(Object.entries(wf.permissions).filter(([, level]) => level === "write")).toEqual([
      ["checks", "write"],
    ]);
    expect(wf.concurrency.group).toContain("github.event.pull_request.number");
  });

  it("runs the Action as reviewed on the default branch, never the pull request's code", () => {
    const [checkout, hotwash] = steps(wf);
    expect(checkout?.uses).toMatch(/^actions\/checkout@/);
    expect(checkout?.with?.ref).toBe("${{ github.event.repository.default_branch }}");
    expect(hotwash?.uses).toBe("./");
  });
});

describe("action.yml (repository root, as the Marketplace lists it)", () => {
  const action = parse(readFileSync("action.yml", "utf8")) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };

  it("declares the inputs and outputs the code reads and writes", () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    expect(Object.keys(action.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
  });

  it("runs the committed bundle on node24 and defaults to handle mode with the workflow token", () => {
    expect(action.runs).toEqual({ using: "node24", main: "action/dist/index.js" });
    expect(action.inputs.mode?.default).toBe("handle");
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
  });

  it("is the only action.yml (a second one would be a second, stale Action)", () => {
    expect(existsSync("action/action.yml")).toBe(false);
    expect(existsSync("action/action.yaml")).toBe(false);
  });
});

describe("README: what a user copies", () => {
  const readme = readFileSync("README.md", "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

  it("shows hotwash.yml as this repository runs it, with `uses: OWNER/hotwash@v1` in place of the checkout and `uses: ./`", () => {
    const block = blocks.find((b) => b.startsWith("# .github/workflows/hotwash.yml"));
    const shown = parse(block ?? "") as Workflow & { jobs: Record<string, { "timeout-minutes"?: number }> };
    const own = workflow("hotwash.yml") as typeof shown;
    const { jobs: shownJobs, ...shownRest } = shown;
    const { jobs: ownJobs, ...ownRest } = own;
    expect(shownRest).toEqual(ownRest);
    const { steps: shownSteps, ...shownJob } = shownJobs["hotwash"] ?? { steps: [] };
    const { steps: ownSteps, ...ownJob } = ownJobs["hotwash"] ?? { steps: [] };
    expect(shownJob).toEqual(ownJob);
    expect(shownSteps).toEqual(
      ownSteps
        .filter((s) => !s.uses?.startsWith("actions/checkout@"))
        .map((s) => ({ ...s, uses: "OWNER/hotwash@v1" })),
    );
  });

  it("names the Action as the Marketplace lists it, never a subdirectory or a local path", () => {
    const uses = [...readme.matchAll(/uses:\s*([\w./@-]+)/g)].map((m) => m[1]);
    expect(uses.filter((u) => /hotwash/i.test(u ?? ""))).toEqual(
      uses.filter((u) => u === "OWNER/hotwash@v1"),
    );
    expect(uses).toContain("OWNER/hotwash@v1");
    expect(readme).not.toMatch(/hotwash\/action@|action\/action\.yml/);
  });
});
