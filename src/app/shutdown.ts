import { subscribe } from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import type { InFlight } from "./in-flight.js";

export interface StopLog {
  info(bindings: Record<string, unknown>, message: string): void;
  error(bindings: Record<string, unknown>, message: string): void;
}

export interface GracefulStopOptions {
  /** Probot's server: `stop()` closes the listener and resolves once every connection has ended. */
  server: { stop(): Promise<void> };
  work: InFlight;
  log: StopLog;
  exit?: (code: number) => void;
}

/**
 * A stop that drops no webhook: close the listener, let requests in flight finish, wait for
 * handlers still running after their response, then exit 0. Returns the function to call on a
 * signal; later calls while stopping do nothing (npm forwards the terminal's Ctrl-C a second time).
 */
export function gracefulStop(options: GracefulStopOptions): (signal: string) => Promise<void> {
  const { server, work, log, exit = (code) => process.exit(code) } = options;
  let stopping: Promise<void> | undefined;
  const open = trackResponses(() => stopping !== undefined);
  return (signal) =>
    (stopping ??= (async () => {
      log.info(
        { signal, requests: open.size, handlers: work.size },
        "stopping: finishing in-flight webhooks",
      );
      // Kept-alive sockets would hold `stop()` up until they time out; close each after its response.
      for (const response of open) closeAfter(response);
      try {
        await server.stop();
        await work.finish();
        log.info({ signal }, "stopped");
        exit(0);
      } catch (error) {
        log.error({ signal, error: String(error) }, "stopping failed");
        exit(1);
      }
    })());
}

/** Responses not yet finished, from Node's http diagnostics channel (Probot owns the server). */
function trackResponses(stopping: () => boolean): Set<ServerResponse> {
  const open = new Set<ServerResponse>();
  subscribe("http.server.request.start", (message) => {
    const { response } = message as { response: ServerResponse };
    if (stopping()) closeAfter(response);
    open.add(response);
    response.once("close", () => open.delete(response));
  });
  return open;
}

function closeAfter(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader("connection", "close");
}
