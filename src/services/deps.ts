import type { Locks } from "./locks.js";
import type { Trust } from "./trust-options.js";
import type { GitHubPort } from "./port.js";

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** What every use case gets from its face (App, Action, CLI): GitHub, a clock, a log and locks. */
export interface ServiceDeps {
  port: GitHubPort;
  now: () => Date;
  /** https://github.com/owner/repo (or the GHES equivalent), for links in rendered text. */
  repoUrl: string;
  log?: Logger;
  /** Per-incident (and sweep) locks; default: one in-process queue per process. The App passes Redis's. */
  locks?: Locks;
  /** How Hotwash tells the hidden data it wrote from anyone else's (see trust.ts). Default: no key. */
  trust?: Trust;
}
