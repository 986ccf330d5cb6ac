/**
 * The committed Action run the way a GitHub Actions runner runs it: a copy of what the runner has
 * (action.yml and the committed action/dist, nothing else: no src/, templates/ or node_modules/),
 * `runs.main` started by a separate node process in that directory with the event file, INPUT_*
 * variables and file commands, talking to the simulator over loopback HTTP.
 * `npm run build:action` rebuilds the bundle from src/.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO, type World } from "../services/harness.js";
import { serveSim } from "../support/sim.js";
import * as hooks from "../support/webhooks.js";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { runnerFiles, type RunnerFiles } from "./runner-files.js";

/** The node binary that runs the bundle: CI points this at Node 24, what `runs.using: node24` runs. */
export const ACTION_NODE = process.env["HOTWASH_ACTION_NODE"] || process.execPath;

export interface ActionCopy {
  /** The step's working directory: holds only action.yml and action/dist. */
  dir: string;
  /** `runs.main` of the copied action.yml. */
  main: string;
  remove(): void;
}

/** Copy action.yml and the committed bundle into an empty directory. */
export function copyAction(): ActionCopy {
  if (!existsSync("action/dist/index.js"))
    throw new Error("action/dist/index.js is missing: run `npm run build:action` and commit it.");
  const dir = mkdtempSync(join(tmpdir(), "hotwash-action-"));
  cpSync("action.yml", join(dir, "action.yml"));
  cpSync("action/dist", join(dir, "action", "dist"), { recursive: true });
  const action = parse(readFileSync(join(dir, "action.yml"), "utf8")) as { runs: { main: string } };
  if (readdirSync(dir).sort().join() !== "action,action.yml") throw new Error(`unexpected files in ${dir}`);
  return { dir, main: action.runs.main, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  ms: number;
}

type StepOptions = { ghes?: boolean; timeoutMs?: number };

/**
 * For a test file: one copy of the Action for the file, fresh runner files for each test, and the
 * step runners bound to them.
 */
export function actionRunner() {
  let action: ActionCopy | undefined;
  let files: RunnerFiles | undefined;
  beforeAll(() => {
    action = copyAction();
  });
  afterAll(() => action?.remove());
  beforeEach(() => {
    files = runnerFiles();
  });
  afterEach(() => files?.remove());
  const ready = (): [ActionCopy, RunnerFiles] => {
    if (!action || !files) throw new Error("actionRunner() steps run inside tests only");
    return [action, files];
  };
  return {
    get files(): RunnerFiles {
      return ready()[1];
    },
    step: (w: World, env: Record<string, string>, opts?: StepOptions) => runStep(w, ...ready(), env, opts),
    event: (w: World, eventName: string, payload: unknown, opts?: StepOptions) =>
      onEvent(w, ...ready(), eventName, payload, opts),
    comment: (w: World, issue: number, login: string, body: string, opts?: StepOptions) =>
      onComment(w, ...ready(), issue, login, body, opts),
  };
}

/** Replies the Action (github-actions[bot]) posted on an issue, not its board, oldest first. */
export function actionReplies(w: World, issue: number): string[] {
  return w.sim
    .comments(REPO, issue)
    .filter((c) => c.user?.login === "github-actions[bot]" && c.body?.startsWith("<!-- hotwash:reply"))
    .map((c) => c.body ?? "");
}

/** Run the bundle as a workflow step (asynchronously: the simulator serves from this process). */
export async function runStep(
  w: World,
  action: ActionCopy,
  files: RunnerFiles,
  env: Record<string, string>,
  opts: StepOptions = {},
): Promise<StepResult> {
  const server = await serveSim(w.sim);
  const token = w.sim.createToken("github-actions[bot]");
  files.reset();
  const started = Date.now();
  const result = await new Promise<Omit<StepResult, "outputs" | "summary" | "ms">>((resolve) => {
    execFile(
      ACTION_NODE,
      [action.main],
      {
        cwd: action.dir,
        env: {
          PATH: process.env["PATH"] ?? "",
          GITHUB_ACTIONS: "true",
          GITHUB_REPOSITORY: REPO,
          GITHUB_SERVER_URL: "https://github.com",
          GITHUB_API_URL: opts.ghes ? server.gheUrl : server.url,
          GITHUB_RUN_ID: "5150",
          GITHUB_ACTOR: "bob",
          GITHUB_WORKSPACE: action.dir,
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          "INPUT_GITHUB-TOKEN": token,
          INPUT_MODE: "handle",
          INPUT_STATUS: "success",
          ...env,
        },
        timeout: opts.timeoutMs ?? 80_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  const ms = Date.now() - started;
  return { ...result, outputs: files.outputs(), summary: readFileSync(files.summary, "utf8"), ms };
}

/** Run the bundle on one webhook event, as the runner would with its event file. */
export function onEvent(
  w: World,
  action: ActionCopy,
  files: RunnerFiles,
  eventName: string,
  payload: unknown,
  opts: StepOptions = {},
): Promise<StepResult> {
  const eventPath = files.write("event.json", JSON.stringify(payload));
  return runStep(w, action, files, { GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: eventPath }, opts);
}

/** Post a comment in the sim and run the bundle on its issue_comment.created event. */
export async function onComment(
  w: World,
  action: ActionCopy,
  files: RunnerFiles,
  issue: number,
  login: string,
  body: string,
  opts: StepOptions = {},
): Promise<StepResult & { commentId: number }> {
  const comment = w.sim.createComment(REPO, issue, body, login);
  const payload = hooks.issueCommentCreated({
    issue: w.sim.issue(REPO, issue),
    comment,
    sender: w.sim.user(login),
  });
  return { ...(await onEvent(w, action, files, "issue_comment", payload, opts)), commentId: comment.id };
}
