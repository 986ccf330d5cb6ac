/** A real, throwaway redis-server on a loopback port (the Debian package; `.ci/run` installs it). */
import { spawn, spawnSync } from "node:child_process";
import { afterAll, afterEach, beforeAll } from "vitest";
import { builtApp, freePort, stopApps } from "./built-app.js";

export const REDIS_MISSING =
  "redis-server is not installed, so the REDIS_URL replica tests are skipped. " +
  "Install it to run them: apt-get install -y redis-server";

export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  // No persistence: nothing is written to disk, nothing outlives the test.
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((ready, fail) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) ready();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => fail(new Error(`redis-server exited (${code}):\n${output}`)));
  });
  const exited = new Promise((done) => child.once("exit", done));
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * For a describe block of replica tests: one redis-server and one built App for the file, every App
 * process stopped after each test. The getters are read inside tests, once beforeAll has run.
 */
export function replicaSuite(): { dir: () => string; redisUrl: () => string } {
  let dir = "";
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    dir = await builtApp();
  }, 180_000);
  afterEach(stopApps);
  afterAll(() => redis?.stop());
  return { dir: () => dir, redisUrl: () => redis?.url ?? "" };
}
