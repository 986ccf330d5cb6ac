import { readFile } from "node:fs/promises";
import { stringify } from "yaml";
import type { GitHubSim } from "../sim/index.js";

export const DEMO_REPO = "acme/shop";

/** Config the demo repository ships with: escalation, a service with deployments, a team rule. */
export const DEMO_CONFIG = {
  severities: {
    sev1: {
      name: "Critical",
      acknowledgeWithin: "15m",
      resolveWithin: "1h",
      updateEvery: "30m",
      escalate: ["@acme/sre"],
      checklist: ["Commander assigned", "Status page updated", "Mitigation (rollback first) under way"],
    },
    sev2: {
      name: "High",
      acknowledgeWithin: "30m",
      resolveWithin: "4h",
      updateEvery: "1h",
      checklist: ["Commander assigned", "Mitigation under way"],
    },
    sev3: { name: "Medium", resolveWithin: "24h" },
    sev4: { name: "Low" },
  },
  services: { api: { environment: "production" }, web: {} },
  commands: { rollback: { permission: "maintain", teams: ["acme/sre"] } },
};

/**
 * The simulator's clock: wound back to seed history, then stepped forward through the incident so
 * the timeline reads like a real one, never ahead of the real clock the app itself uses.
 */
export function demoClock(): {
  now: () => Date;
  rewind(minutes: number): void;
  advance(minutes: number): void;
  resume(): void;
} {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    rewind: (minutes) => {
      offset = -minutes * 60_000;
    },
    advance: (minutes) => {
      offset = Math.min(0, offset + minutes * 60_000);
    },
    resume: () => {
      offset = 0;
    },
  };
}

/** A repository with people, an SRE team, the example workflows and a deployment history. */
export async function seedDemo(sim: GitHubSim, clock: ReturnType<typeof demoClock>): Promise<void> {
  sim.createRepo(DEMO_REPO, { defaultLabels: false });
  for (const [login, permission] of [
    ["alice", "maintain"],
    ["bob", "write"],
    ["carol", "triage"],
  ] as const) {
    sim.addUser(login);
    sim.setPermission(DEMO_REPO, login, permission);
  }
  sim.addTeamMember("acme", "sre", "alice");
  sim.setFile(DEMO_REPO, ".github/hotwash.yml", stringify(DEMO_CONFIG));
  for (const workflow of ["hotwash-diagnose.yml", "hotwash-rollback.yml"]) {
    const text = await readFile(new URL(`../../.github/workflows/${workflow}`, import.meta.url), "utf8");
    sim.setFile(DEMO_REPO, `.github/workflows/${workflow}`, text);
  }
  for (const [ref, minutes] of [
    ["v1.4.1", 60 * 26],
    ["v1.4.2", 60 * 5],
    ["v1.5.0", 95],
  ] as const) {
    clock.rewind(minutes);
    const { sha } = sim.pushCommit(DEMO_REPO, {
      branch: "main",
      files: { VERSION: `${ref}\n` },
      message: `Release ${ref}`,
      as: "bob",
    });
    sim.createDeployment(DEMO_REPO, {
      ref,
      sha,
      environment: "production",
      creator: "bob",
      statuses: [{ state: "success" }],
    });
  }
  clock.rewind(140);
  sim.createBranch(DEMO_REPO, "pool-size");
  sim.pushCommit(DEMO_REPO, {
    branch: "pool-size",
    files: { "config/db.yml": "pool: 20\n" },
    message: "Lower the DB pool",
    as: "bob",
  });
  const pull = sim.createPull(DEMO_REPO, {
    head: "pool-size",
    title: "Lower the DB connection pool to 20",
    as: "bob",
  });
  clock.rewind(115);
  sim.mergePull(DEMO_REPO, pull.number, "alice");
  clock.resume();
}
