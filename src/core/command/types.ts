import type { Permission, Status } from "../config/schema.js";

/** One `/name args` line found in a comment, before it is checked against config. */
export interface RawCommand {
  /** Lower-cased name without the slash: "sev1", "status". */
  name: string;
  /** Everything after the name on that line, trimmed. */
  args: string;
  /** 1-based line number in the comment, for replies. */
  line: number;
}

export interface NearMiss {
  /** What the author typed, lower-cased, without the slash. */
  typed: string;
  suggestion: string;
  line: number;
}

export interface ParsedComment {
  /** The command lines to run, in order; empty when there are too many (`overLimit`). */
  commands: RawCommand[];
  nearMisses: NearMiss[];
  /**
   * More than MAX_COMMAND_LINES command lines: nothing runs. `count` of them in all; `lines` are
   * the first MAX_COMMAND_LINES + 1, enough to authorize the refusal without asking about 500.
   */
  overLimit: { count: number; lines: RawCommand[] } | null;
}

/** A command after validation: every field is safe to act on. */
export type Command =
  | { name: "incident"; severity: string | null; title: string | null; drill: boolean }
  | { name: "severity"; severity: string }
  | { name: "status"; status: Status; message: string | null }
  | { name: "commander"; user: string | null }
  | { name: "role"; role: string; user: string | null }
  | { name: "note"; text: string }
  | { name: "timeline"; at: string; text: string }
  /** `/timeline fix|drop <ref>`: `entry` is the 1-based log index the ref names. */
  | { name: "timeline-fix"; entry: number; text: string | null; at: string | null }
  | { name: "timeline-drop"; entry: number }
  | { name: "diagnose"; service: string; params: Record<string, string> }
  | { name: "rollback"; service: string; ref: string | null }
  | { name: "service"; services: string[] }
  | { name: "action"; title: string; owner: string | null; due: string | null; priority: string | null }
  | { name: "postmortem" }
  | { name: "help" };

export type Interpretation = { ok: true; command: Command } | { ok: false; error: string };

/** Fixed command names; severity keys from config (sev1…) are commands too. */
export const BASE_COMMANDS = [
  "incident",
  "status",
  "resolve",
  "ic",
  "role",
  "note",
  "timeline",
  "diagnose",
  "rollback",
  "service",
  "action",
  "postmortem",
  "drill",
  "help",
] as const;

/** The default permission per command (README, Commands); config may raise it (never lower below read). */
export const DEFAULT_PERMISSIONS: Record<(typeof BASE_COMMANDS)[number] | "severity", Permission> = {
  incident: "write",
  severity: "write",
  status: "triage",
  resolve: "write",
  ic: "triage",
  role: "triage",
  note: "triage",
  timeline: "triage",
  diagnose: "write",
  rollback: "maintain",
  service: "triage",
  action: "triage",
  postmortem: "write",
  drill: "write",
  help: "read",
};
