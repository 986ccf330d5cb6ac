import type { GitHubPort } from "./port.js";

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** What every use case gets from its face (App, Action, CLI): GitHub, a clock and a log. */
export interface ServiceDeps {
  port: GitHubPort;
  now: () => Date;
  /** https://github.com/owner/repo (or the GHES equivalent), for links in rendered text. */
  repoUrl: string;
  log?: Logger;
}
