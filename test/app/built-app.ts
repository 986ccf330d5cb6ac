/**
 * The App as a user runs it: `npm run build` output in a directory laid out like the Docker image
 * (package.json, node_modules, dist, templates, app.yml), started with `npm start` as a separate
 * process, pointed at the simulator over loopback with Probot's standard environment.
 */
import { execFile, spawn } from "node:child_process";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { GitHubSim } from "../../src/sim/index.js";
import { webhookHeaders } from "../support/sign.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const WEBHOOK_SECRET = "replica-webhook-secret";

/** What the built image holds besides `dist`; linked, so they are always the working tree's. */
const SHIPPED = ["package.json", "node_modules", "templates", "app.yml"];
const CACHE_PREFIX = "hotwash-built-app-";
const execFileAsync = promisify(execFile);

/**
 * A directory with the compiled App. `dist` is built once per source state (the same `tsc -p
 * tsconfig.build.json` as `npm run build`, into a cache directory keyed by a hash of `src/` and the
 * tsconfigs), so every test file that starts the App shares one build.
 */
export async function builtApp(): Promise<string> {
  const dir = join(tmpdir(), `${CACHE_PREFIX}${await sourceHash()}`);
  const ready = () => existsSync(join(dir, "dist/app/server.js"));
  await pruneOldBuilds(dir);
  // Test files run in parallel: one of them builds, the others wait for it.
  const lock = `${dir}.lock`;
  for (const deadline = Date.now() + 170_000; !ready(); await sleep(250)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the build (${lock})`);
    if (!(await takeLock(lock))) continue;
    try {
      if (!ready()) await buildInto(dir);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    return true;
  } catch {
    // A lock left by a killed run is stale after five minutes.
    const { mtimeMs } = await stat(lock).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 300_000) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

async function buildInto(dir: string): Promise<void> {
  const staging = `${dir}.${process.pid}-${randomUUID()}`;
  try {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    await execFileAsync(
      process.execPath,
      [tsc, "-p", "tsconfig.build.json", "--outDir", join(staging, "dist")],
      {
        cwd: ROOT,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm run build failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    });
    for (const name of SHIPPED) await symlink(join(ROOT, name), join(staging, name));
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Builds of earlier source states, a day old or more. */
async function pruneOldBuilds(keep: string): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(CACHE_PREFIX) || path === keep) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 86_400_000) await rm(path, { recursive: true, force: true });
  }
}

async function sourceHash(): Promise<string> {
  // The links point into this checkout, so another clone gets its own build.
  const hash = createHash("sha256").update(ROOT).update("\0");
  const files = [
    ...(await readdir(join(ROOT, "src"), { recursive: true })).map((f) => join("src", f)),
    "tsconfig.json",
    "tsconfig.build.json",
  ].sort();
  for (const file of files) {
    if (!(await stat(join(ROOT, file))).isFile()) continue;
    hash
      .update(file)
      .update("\0")
      .update(await readFile(join(ROOT, file)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

export interface AppProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** npm's pid: the process Docker or Kubernetes signals (the container's PID 1). */
  pid: number;
  /** Resolves when npm has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far (JSON log lines with LOG_FORMAT=json). */
  output(): string;
  /** Signed webhook delivery, as GitHub sends it; resolves with the HTTP status. */
  deliver(event: string, payload: unknown): Promise<number>;
}

/**
 * Hotwash's default labels in the repository, as after installation (GitHub creates them on an
 * issue that uses them), so a declaration does only its own writes: Probot spaces writes a second apart.
 */
export function withHotwashLabels(sim: GitHubSim, repo: string): void {
  const labels = ["incident", "sev1", "sev2", "sev3", "sev4", "drill", "action-item", "postmortem"];
  for (const status of ["investigating", "identified", "monitoring", "resolved"])
    labels.push(`status:${status}`);
  sim.createIssue(repo, { title: "Hotwash's labels", labels });
}

const running = new Set<AppProcess>();

/**
 * `npm start` in `dir` with Probot's environment; resolves once GET /ping answers. Without
 * `appId`, Probot starts in setup mode (the manifest flow that registers the App).
 */
export async function startApp(
  dir: string,
  opts: { appId?: number; gheHost?: string; env?: Record<string, string> },
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: dir,
    // Its own process group, so cleanup also reaches what npm started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      npm_config_update_notifier: "false",
      ...(opts.appId === undefined ? {} : { APP_ID: String(opts.appId), PRIVATE_KEY, WEBHOOK_SECRET }),
      ...(opts.gheHost === undefined ? {} : { GHE_HOST: opts.gheHost, GHE_PROTOCOL: "http" }),
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      HOTWASH_REMINDER_INTERVAL_MINUTES: "0",
      ...opts.env,
    },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    url,
    pid: child.pid ?? 0,
    exited,
    output: () => output,
    async deliver(event, payload) {
      const body = JSON.stringify(payload);
      const response = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: webhookHeaders(WEBHOOK_SECRET, event, body, randomUUID()),
        body,
      });
      await response.text();
      return response.status;
    },
  };
  running.add(app);
  let gone = false;
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (gone) throw new Error(`npm start exited before answering /ping:\n${output}`);
    const ok = await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return app;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`npm start did not answer /ping within 60 s:\n${output}`);
}

/** Kills every App process group these tests started (npm, its shell and the server). */
export async function stopApps(): Promise<void> {
  for (const app of running) {
    try {
      process.kill(-app.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.all([...running].map((app) => app.exited));
  running.clear();
}
