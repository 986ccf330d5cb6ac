/** A real, throwaway redis-server on a loopback port (the Debian package; `.ci/run` installs it). */
import { spawn, spawnSync } from "node:child_process";
import { freePort } from "./built-app.js";

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
