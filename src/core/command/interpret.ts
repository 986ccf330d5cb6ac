import { STATUSES, type HotwashConfig, type Status } from "../config/schema.js";
import { quoteText, truncate } from "../text/markdown.js";
import { parseEntryRef } from "../timeline/corrections.js";
import { CORRECTION_USAGE, USAGE, type UsageName } from "./help.js";
import { nearestName } from "./parse.js";
import { addDays, isValidWallTime, utcToZonedTime, zonedTimeToUtc, type WallTime } from "./time.js";
import { BASE_COMMANDS, type Command, type Interpretation, type RawCommand } from "./types.js";

export interface InterpretContext {
  config: HotwashConfig;
  now: Date;
}

const LOGIN = /^@?([A-Za-z0-9][A-Za-z0-9-]{0,38})$/;
const PARAM_KEY = /^[a-z][a-z0-9_]{0,31}$/;
/** Workflow inputs: no spaces, quotes, `$`, backticks or `;`, so a careless `run: ${{ }}` can't be exploited. */
const PARAM_VALUE = /^[A-Za-z0-9._:/@+=,-]{1,200}$/;
const MAX_PARAMS = 10;
const MAX_SERVICES = 20;
const REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;
/** `[YYYY-MM-DD ]HH:MM[Z]`, matched on whole words only: no pattern here ever backtracks over free text. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}:\d{2}[Zz]?)$/;
const TIME = /^(\d{1,2}):(\d{2})([Zz])?$/;
/** Clock skew allowance for "not in the future". */
const FUTURE_TOLERANCE_MS = 60_000;

/** Turn a parsed `/name args` line into a validated command, or a reply saying what to fix. */
export function interpret(raw: RawCommand, ctx: InterpretContext): Interpretation {
  try {
    return { ok: true, command: toCommand(raw, ctx) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.message };
    throw error;
  }
}

/** Thrown inside this module only, so each rule reads top to bottom; `interpret` turns it into a result. */
class Refusal extends Error {}

function refuse(name: UsageName | keyof typeof CORRECTION_USAGE, problem: string): never {
  const { syntax, example } = Object.hasOwn(CORRECTION_USAGE, name)
    ? CORRECTION_USAGE[name as keyof typeof CORRECTION_USAGE]
    : USAGE[name as UsageName];
  const usage = syntax === example ? `\`${syntax}\`` : `\`${syntax}\`, e.g. \`${example}\``;
  throw new Refusal(`${problem} Usage: ${usage}.`);
}

function toCommand(raw: RawCommand, ctx: InterpretContext): Command {
  const { args } = raw;
  const name = raw.name.toLowerCase();
  // Fixed names win over a severity key that happens to collide with one.
  if (!(BASE_COMMANDS as readonly string[]).includes(name)) {
    if (Object.hasOwn(ctx.config.severities, name)) {
      // `/sev1 db is down`: trailing words are accepted and ignored; refusing would cost time mid-incident.
      return { name: "severity", severity: name };
    }
    throw new Refusal(`${code(`/${name}`)} is not a Hotwash command; \`/help\` lists them.`);
  }
  switch (name as (typeof BASE_COMMANDS)[number]) {
    case "incident":
      return declare("incident", args, ctx);
    case "drill":
      return declare("drill", args, ctx);
    case "status":
      return status(args, ctx);
    case "resolve":
      return { name: "status", status: "resolved", message: optionalText("resolve", args, ctx, "message") };
    case "ic":
      return commander(args);
    case "role":
      return role(args, ctx);
    case "note":
      return { name: "note", text: requiredText("note", args, ctx, "`/note` needs the text to record.") };
    case "timeline":
      return timeline(args, ctx);
    case "diagnose":
      return diagnose(args, ctx);
    case "rollback":
      return rollback(args, ctx);
    case "service":
      return serviceList(args, ctx);
    case "action":
      return actionItem(args, ctx);
    case "postmortem":
      return { name: "postmortem" };
    case "help":
      return { name: "help" };
  }
}

function declare(name: "incident" | "drill", args: string, ctx: InterpretContext): Command {
  const keys = Object.keys(ctx.config.severities);
  const [first, rest] = splitFirst(args);
  let severity: string | null = null;
  let titleText = args;
  if (first) {
    const key = first.toLowerCase();
    if (keys.includes(key)) {
      severity = key;
      titleText = rest;
    } else if (looksLikeSeverity(key, keys)) {
      const near = nearestName(key, keys);
      refuse(
        name,
        `${code(first)} is not a configured severity; ${near ? `did you mean \`${near}\`? ` : ""}Use one of ${codeList(keys)}.`,
      );
    }
  }
  return {
    name: "incident",
    severity,
    title: optionalText(name, titleText, ctx, "title"),
    drill: name === "drill",
  };
}

/** `sev9` when only sev1-4 exist, `p7` when keys are p1…, or a typo like `sve1`: not the first word of a title. */
function looksLikeSeverity(token: string, keys: string[]): boolean {
  const numbered = /^([a-z-]*)\d+$/.exec(token);
  const prefix = numbered?.[1];
  if (
    prefix &&
    (prefix === "sev" || keys.some((key) => /\d$/.test(key) && key.replace(/\d+$/, "") === prefix))
  ) {
    return true;
  }
  return /\d/.test(token) && nearestName(token, keys) !== null;
}

function status(args: string, ctx: InterpretContext): Command {
  const [first, rest] = splitFirst(args);
  if (!first) refuse("status", `\`/status\` needs one of ${codeList(STATUSES)}.`);
  const word = first.toLowerCase();
  if (!isStatus(word)) {
    const near =
      nearestName(word, STATUSES) ?? (word.length >= 3 ? STATUSES.find((s) => s.startsWith(word)) : null);
    const hint = near ? `did you mean \`${near}\`?` : `use one of ${codeList(STATUSES)}.`;
    refuse("status", `${code(first)} is not a status; ${hint}`);
  }
  return { name: "status", status: word, message: optionalText("status", rest, ctx, "message") };
}

function isStatus(word: string): word is Status {
  return (STATUSES as readonly string[]).includes(word);
}

function commander(args: string): Command {
  const tokens = words(args);
  if (tokens.length > 1) refuse("ic", "`/ic` takes at most one user.");
  return { name: "commander", user: tokens[0] === undefined ? null : login("ic", tokens[0]) };
}

function role(args: string, ctx: InterpretContext): Command {
  const roles = ctx.config.roles;
  const [first, second, ...extra] = words(args);
  if (!roles.length)
    refuse("role", "No roles are configured; list them under `roles:` in `.github/hotwash.yml`.");
  if (!first) refuse("role", `\`/role\` needs a role: ${codeList(roles)}.`);
  const name = first.toLowerCase();
  if (!roles.includes(name)) {
    if (name === "ic" || name === "commander") refuse("ic", "The incident commander is set with `/ic`.");
    const near = nearestName(name, roles);
    refuse(
      "role",
      `${code(first)} is not a configured role; ${near ? `did you mean \`${near}\`?` : `use one of ${codeList(roles)}.`}`,
    );
  }
  if (extra.length) refuse("role", "`/role` takes a role and at most one user.");
  return { name: "role", role: name, user: second === undefined ? null : login("role", second) };
}

/** A GitHub login without "@"; `me` means the author (null). */
function login(name: UsageName, token: string): string | null {
  if (token.toLowerCase() === "me") return null;
  const match = LOGIN.exec(token);
  if (!match?.[1]) refuse(name, `${code(token)} is not a GitHub user name.`);
  return match[1];
}

interface WrittenTime {
  /** As written, for replies. */
  when: string;
  date: { year: number; month: number; day: number } | null;
  hour: number;
  minute: number;
  utc: boolean;
  text: string;
}

/** The `[YYYY-MM-DD ]HH:MM[Z]` that starts `/timeline` args, and the text after it; null if none. */
function writtenTime(args: string): WrittenTime | null {
  const [first, afterFirst] = splitFirst(args);
  const combined = DATE_TIME.exec(first);
  const dateOnly = combined ? null : DATE.exec(first);
  const [second, afterSecond] = dateOnly ? splitFirst(afterFirst) : ["", afterFirst];
  const time = TIME.exec(combined?.[4] ?? (dateOnly ? second : first));
  const date = combined ?? dateOnly;
  if (!time) return null;
  return {
    when: dateOnly ? `${first} ${second}` : first,
    date: date ? { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) } : null,
    hour: Number(time[1]),
    minute: Number(time[2]),
    utc: time[3] !== undefined,
    text: afterSecond,
  };
}

function timeline(args: string, ctx: InterpretContext): Command {
  // A time comes first in a backdated entry, so these words can't start one.
  const [first, rest] = splitFirst(args);
  const sub = first.toLowerCase();
  if (sub === "fix" || sub === "drop") return correction(sub, rest, ctx);
  const written = writtenTime(args);
  if (!written) {
    const problem = args
      ? `${code(splitFirst(args)[0])} is not a time; write \`HH:MM\``
      : "`/timeline` needs a time and the text";
    refuse("timeline", `${problem} (24-hour clock, optionally after \`YYYY-MM-DD\`, \`Z\` for UTC).`);
  }
  const at = pastTime("timeline", written, ctx);
  const text = requiredText("timeline", written.text, ctx, "`/timeline` needs text after the time.");
  return { name: "timeline", at, text };
}

/** `/timeline fix <ref> <text>`, `/timeline fix <ref> <time> [text]`, `/timeline drop <ref>`. */
function correction(sub: "fix" | "drop", args: string, ctx: InterpretContext): Command {
  const [token, rest] = splitFirst(args);
  const entry = parseEntryRef(token);
  if (entry === null) {
    const problem = token ? `${code(token)} is not an entry ref` : `\`/timeline ${sub}\` needs an entry ref`;
    refuse(sub, `${problem}: each entry's ref (\`t12\`) is in the \`#\` column of the board's timeline.`);
  }
  if (sub === "drop") {
    if (rest) refuse("drop", "`/timeline drop` takes only the entry's ref.");
    return { name: "timeline-drop", entry };
  }
  const written = writtenTime(rest);
  const at = written ? pastTime("fix", written, ctx) : null;
  const text = optionalText("fix", written ? written.text : rest, ctx, "text");
  if (at === null && text === null) refuse("fix", "`/timeline fix` needs the corrected text or time.");
  return { name: "timeline-fix", entry, text, at };
}

/** A written time as UTC ISO: in `timezone` unless it ends in `Z`, and not in the future. */
function pastTime(name: "timeline" | "fix", written: WrittenTime, ctx: InterpretContext): string {
  const { utc, hour, minute } = written;
  const zone = utc ? "UTC" : ctx.config.timezone;
  const where = utc ? "UTC" : `\`${zone}\``;
  const when = code(written.when);
  let wall: WallTime;
  if (written.date) {
    wall = { ...written.date, hour, minute };
  } else {
    // No date: the most recent such time, so "23:50" written at 00:10 means last night.
    const today = utcToZonedTime(ctx.now, zone);
    const ahead = hour * 60 + minute > today.hour * 60 + today.minute + FUTURE_TOLERANCE_MS / 60_000;
    wall = addDays({ ...today, hour, minute }, ahead ? -1 : 0);
  }
  if (!isValidWallTime(wall)) refuse(name, `${when} is not a valid date and time.`);
  const at = zonedTimeToUtc(wall, zone);
  if (!at) {
    refuse(name, `${when} never happened in ${where}: the clocks skipped it. Add \`Z\` to give a UTC time.`);
  }
  if (at.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS) {
    refuse(name, `${when} (${where}) is in the future; \`/timeline\` records what already happened.`);
  }
  return at.toISOString();
}

function diagnose(args: string, ctx: InterpretContext): Command {
  const [serviceToken, ...pairs] = words(args);
  const service = serviceName("diagnose", serviceToken, ctx.config);
  if (pairs.length > MAX_PARAMS)
    refuse("diagnose", `\`/diagnose\` takes at most ${MAX_PARAMS} \`key=value\` pairs.`);
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) refuse("diagnose", `${code(pair)} is not a \`key=value\` pair.`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!PARAM_KEY.test(key)) {
      refuse(
        "diagnose",
        `${code(key)} is not a parameter name: use lowercase letters, digits and \`_\`, starting with a letter (at most 32).`,
      );
    }
    if (!PARAM_VALUE.test(value)) {
      refuse(
        "diagnose",
        `The value of \`${key}\` must be 1-200 letters, digits or \`. _ : / @ + = , -\` (no spaces, quotes or shell characters).`,
      );
    }
    if (Object.hasOwn(params, key)) refuse("diagnose", `\`${key}\` is given twice.`);
    params[key] = value;
  }
  return { name: "diagnose", service, params };
}

function rollback(args: string, ctx: InterpretContext): Command {
  const [serviceToken, ...rest] = words(args);
  const service = serviceName("rollback", serviceToken, ctx.config);
  const [to, ref, ...extra] = rest;
  if (to === undefined) return { name: "rollback", service, ref: null };
  if (to.toLowerCase() !== "to") {
    const hint =
      rest.length === 1 && isRef(to)
        ? ` To roll back to ${code(to)}, write \`/rollback ${service} to ${to}\`.`
        : "";
    refuse("rollback", `\`/rollback\` takes a service and optionally \`to <ref>\`.${hint}`);
  }
  if (ref === undefined) refuse("rollback", "Name the branch, tag or commit SHA after `to`.");
  if (extra.length) refuse("rollback", "`/rollback` takes a single ref after `to`.");
  if (!isRef(ref)) refuse("rollback", `${code(ref)} is not a branch, tag or commit SHA.`);
  return { name: "rollback", service, ref };
}

/** A plausible git ref name or SHA (7-40 hex also passes the pattern); the workflow resolves it. */
function isRef(ref: string): boolean {
  return (
    REF.test(ref) &&
    !ref.includes("..") &&
    !ref.includes("//") &&
    !ref.endsWith("/") &&
    !ref.endsWith(".lock")
  );
}

function serviceName(
  name: "diagnose" | "rollback" | "service",
  token: string | undefined,
  config: HotwashConfig,
): string {
  const services = Object.keys(config.services);
  if (!services.length) {
    refuse(
      name,
      "No services are configured yet: list them under `services:` in `.github/hotwash.yml`, e.g. `services: { api: {} }`.",
    );
  }
  if (!token) refuse(name, `\`/${name}\` needs a service: ${codeList(services)}.`);
  const found =
    services.find((s) => s === token) ?? services.find((s) => s.toLowerCase() === token.toLowerCase());
  if (found) return found;
  const near = nearestName(
    token.toLowerCase(),
    services.map((s) => s.toLowerCase()),
  );
  const suggestion = services.find((s) => s.toLowerCase() === near);
  const hint = suggestion ? `did you mean \`${suggestion}\`?` : `use one of ${codeList(services)}.`;
  refuse(name, `${code(token)} is not a configured service; ${hint}`);
}

/** `/service api web`: the whole list, in catalog spelling, each name once. */
function serviceList(args: string, ctx: InterpretContext): Command {
  const known = Object.keys(ctx.config.services);
  if (!known.length) serviceName("service", undefined, ctx.config);
  const tokens = words(args.replace(/,/g, " "));
  if (!tokens.length) refuse("service", `\`/service\` needs one or more services: ${codeList(known)}.`);
  if (tokens.length > MAX_SERVICES) refuse("service", `\`/service\` takes at most ${MAX_SERVICES} services.`);
  const services: string[] = [];
  for (const token of tokens) {
    const found =
      known.find((s) => s === token) ?? known.find((s) => s.toLowerCase() === token.toLowerCase());
    if (!found) {
      refuse(
        "service",
        `${code(token)} is not a configured service; the known services are ${codeList(known)}.`,
      );
    }
    if (!services.includes(found)) services.push(found);
  }
  return { name: "service", services };
}

/** Trailing `@owner`, `due:` and `priority:` tokens, in any order; the rest is the title. */
function actionItem(args: string, ctx: InterpretContext): Command {
  let rest = args.trim();
  let owner: string | null | undefined;
  let due: string | undefined;
  let priority: string | undefined;
  while (rest) {
    const [head, token] = splitLast(rest);
    const lower = token.toLowerCase();
    if (token.startsWith("@")) {
      if (owner !== undefined) refuse("action", "An action item has one owner.");
      owner = login("action", token);
    } else if (lower.startsWith("due:")) {
      if (due !== undefined) refuse("action", "`due:` is given twice.");
      due = dueDate(token.slice(4), ctx.now);
    } else if (lower.startsWith("priority:")) {
      if (priority !== undefined) refuse("action", "`priority:` is given twice.");
      priority = token.slice(9).toUpperCase();
      if (!/^P[0-3]$/.test(priority))
        refuse("action", `${code(token)}: priority is \`P0\` (most urgent) to \`P3\`.`);
    } else {
      break;
    }
    rest = head;
  }
  const title = requiredText("action", rest, ctx, "`/action` needs a title saying what should be done.");
  return { name: "action", title, owner: owner ?? null, due: due ?? null, priority: priority ?? null };
}

function dueDate(text: string, now: Date): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) refuse("action", `${code(`due:${text}`)} is not a date; write \`due:YYYY-MM-DD\`.`);
  const wall = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: 0, minute: 0 };
  if (!isValidWallTime(wall)) refuse("action", `${code(text)} is not a real date.`);
  if (text < now.toISOString().slice(0, 10)) refuse("action", `The due date ${code(text)} is in the past.`);
  return text;
}

/** Free text, trimmed and length-checked; null when empty. Kept as written: renderers defang it. */
function optionalText(
  name: UsageName | "fix",
  text: string,
  ctx: InterpretContext,
  what: string,
): string | null {
  const trimmed = text.trim();
  const max = ctx.config.maxTextLength;
  if (trimmed.length > max) {
    refuse(
      name,
      `The ${what} is ${trimmed.length} characters long; the limit is ${max} (\`maxTextLength\`). Shorten it.`,
    );
  }
  return trimmed || null;
}

function requiredText(name: UsageName, text: string, ctx: InterpretContext, missing: string): string {
  return optionalText(name, text, ctx, "text") ?? refuse(name, missing);
}

/** The first word and the rest after it (both without the whitespace between). */
function splitFirst(text: string): [string, string] {
  const trimmed = text.trimStart();
  const end = trimmed.search(/\s/);
  return end === -1 ? [trimmed, ""] : [trimmed.slice(0, end), trimmed.slice(end).trimStart()];
}

/** Of trimmed text, what comes before the last word (trimmed) and the last word; a scan, not a regex. */
function splitLast(text: string): [string, string] {
  let start = text.length;
  while (start > 0 && !/\s/.test(text.charAt(start - 1))) start--;
  return [text.slice(0, start).trimEnd(), text.slice(start)];
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Echo what someone typed: shortened, mentions defanged, in a code span that its backticks can't break. */
function code(text: string): string {
  const safe = quoteText(truncate(text, 60));
  const fence = "`".repeat(Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = safe.startsWith("`") || safe.endsWith("`") ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

function codeList(items: readonly string[]): string {
  return items.map((item) => `\`${item}\``).join(", ");
}
