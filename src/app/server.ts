/**
 * `npm start`: exactly `probot run ./dist/app/index.js` (same environment, flags, setup flow and
 * pages), plus a graceful stop on SIGTERM and SIGINT, which Probot's CLI does not have: it dies
 * mid-webhook on SIGTERM.
 */
import { fileURLToPath } from "node:url";
import { run } from "probot";
import { appWork } from "./in-flight.js";
import { gracefulStop, type StopLog } from "./shutdown.js";

const appPath = fileURLToPath(new URL("./index.js", import.meta.url));
// Probot reads argv as `node probot <app> [flags]` does.
const server = await run([process.execPath, "probot", appPath, ...process.argv.slice(2)], {
  env: process.env,
});

// Log as the App does (LOG_LEVEL, LOG_FORMAT): the running server hands its Probot to a loaded function.
let log: StopLog | undefined;
await server.load((app) => {
  log = app.log;
});

const stop = gracefulStop({ server, work: appWork, log: log ?? console });
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
