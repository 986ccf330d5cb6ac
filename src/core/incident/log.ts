import type { IncidentEvent } from "./events.js";
import { parseEvents, parseIds, parseState } from "./log-schema.js";
import { compactState, emptyState, foldIncident, type IncidentState } from "./state.js";

/**
 * The incident's log as GitHub stores it. The board keeps the folded state of the log's sealed
 * part plus its newest entries (the tail); when the tail grows past SEAL_AT, its oldest entries
 * are sealed into a log page: a further comment Hotwash writes once, hides, and never edits. The
 * board records each page's id, size and hash, so readers of the whole log (the post-mortem, a
 * rebuild) fetch exactly those pages, and a command never reads them.
 */

/** Starts every log page. */
export const LOG_MARKER = "<!-- hotwash:log -->";
const DATA_OPEN = "<!-- hotwash:data ";
const DATA_CLOSE = " -->";
/** Encoded tail size (characters) past which the oldest entries are sealed into a page. */
export const SEAL_AT = 24_000;
/** Encoded tail size the board keeps after sealing: the newest entries stay visible on it. */
export const TAIL_KEEP = 8_000;
/** A page's data, well under GitHub's 65,536 characters per comment. */
const PAGE_BUDGET = 60_000;
/** Comment ids kept for idempotency (newest first to survive). */
export const PROCESSED_KEPT = 300;

export interface LogPageRef {
  /** The page's comment id. */
  id: number;
  /** Entries in the page. */
  count: number;
  /** `pageHash` of the page as written: a page edited since does not match. */
  hash: string;
}

export interface SealedLog {
  /** `compactState` of the fold of every sealed entry. */
  state: IncidentState;
  /** Entries sealed, in all pages. */
  count: number;
  pages: LogPageRef[];
}

/** The board's hidden block. Never the only copy of a command: commands can be replayed from comments. */
export interface BoardData {
  v: 2;
  sealed: SealedLog;
  /** The unsealed tail of the log, oldest first. */
  events: IncidentEvent[];
  /** Ids of comments already executed (idempotency), most recent kept. */
  processed: number[];
}

/** One sealed page: entries `from` … `from + events.length - 1` of the log. */
export interface LogPage {
  from: number;
  events: IncidentEvent[];
  /** Comments whose commands are all in this page or earlier: a rebuild does not replay them. */
  processed: number[];
}

export function emptyBoardData(): BoardData {
  return { v: 2, sealed: { state: emptyState(), count: 0, pages: [] }, events: [], processed: [] };
}

/** The incident's state: the sealed part's state continued through the tail (linear in the tail). */
export function boardState(data: BoardData): IncidentState {
  return foldIncident(data.events, data.sealed.state);
}

// ---- encoding --------------------------------------------------------------------------------

/**
 * Signs the JSON of a data block (the services hold the key and bind it to the issue). Core only
 * says what is signed: exactly the JSON `encodeData` writes, without the signature itself.
 */
export type Signer = (payload: string) => string;

/** A data block as read: the value, the JSON its signature covers, and the signature (null: none). */
export interface SignedBlock<T> {
  value: T;
  payload: string;
  signature: string | null;
}

/**
 * JSON inside an HTML comment. `<`, `>` and `@` only occur inside JSON strings; as \u escapes no
 * user text can close the comment (`-->`, `--!>`) or open another, and no login in the log can
 * become a mention, even if GitHub ever looked inside comments (edits do notify new mentions).
 * With `sign`, the block carries a signature over its JSON as its last field, `sig`.
 */
export function encodeData(value: object, sign?: Signer): string {
  const payload = JSON.stringify(value);
  const json = sign ? `${payload.slice(0, -1)},"sig":${JSON.stringify(sign(payload))}}` : payload;
  return `${DATA_OPEN}${json.replace(/[<>@]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}${DATA_CLOSE}`;
}

/** The last data block of a body, parsed; null when there is none or it is not a JSON object. */
function decodeData(body: string): SignedBlock<Record<string, unknown>> | null {
  const start = body.lastIndexOf(DATA_OPEN);
  if (start < 0) return null;
  const end = body.indexOf(DATA_CLOSE, start + DATA_OPEN.length);
  if (end < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(body.slice(start + DATA_OPEN.length, end)) as unknown;
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  // The signed JSON is the block without `sig`: parsing keeps key order, so this is what was signed.
  const { sig, ...rest } = value;
  return { value: rest, payload: JSON.stringify(rest), signature: typeof sig === "string" ? sig : null };
}

/** `encodeData(event)`'s length, without building it. */
function encodedSize(event: IncidentEvent): number {
  const json = JSON.stringify(event);
  let escaped = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 60 || c === 62 || c === 64) escaped++;
  }
  return json.length + 5 * escaped;
}

/** A board's data block (format 2, or format 1 read as an unsealed log), or null when untrustworthy. */
export function readBoardBlock(body: string): BoardData | null {
  return readSignedBoardBlock(body)?.value ?? null;
}

/** The board's data block with its signature, checked strictly against the schema of every field. */
export function readSignedBoardBlock(body: string): SignedBlock<BoardData> | null {
  const block = decodeData(body);
  if (!block) return null;
  const { value } = block;
  const events = parseEvents(value.events);
  const processed = parseIds(value.processed);
  if (!events || !processed || processed.length > PROCESSED_KEPT) return null;
  if (value.v === 1 && Object.keys(value).length === 3) {
    return { ...block, value: { ...emptyBoardData(), events, processed } };
  }
  if (value.v !== 2 || Object.keys(value).length !== 4 || !isRecord(value.sealed)) return null;
  const { state: rawState, count, pages: rawPages, ...unknown } = value.sealed;
  const state = parseState(rawState);
  const pages = Array.isArray(rawPages) && rawPages.every(isPageRef) ? rawPages : null;
  if (!state || !isCount(count) || !pages || Object.keys(unknown).length) return null;
  return {
    ...block,
    value: {
      v: 2,
      // Fields a later version adds start from their empty values.
      sealed: { state: { ...emptyState(), ...state }, count, pages },
      events,
      processed,
    },
  };
}

// ---- sealing ---------------------------------------------------------------------------------

/**
 * The oldest part of the tail to seal into a page, or null while the tail is small. `force` seals
 * as much as one page holds (the board could not fit its data otherwise). A comment's entries are
 * never split across the seal: a rebuild replays a comment whole or not at all.
 */
export function planSeal(data: BoardData, force = false): LogPage | null {
  const events = data.events;
  if (!events.length) return null;
  const sizes = events.map((e) => encodedSize(e) + 1);
  const total = sizes.reduce((sum, n) => sum + n, 0);
  if (!force && total <= SEAL_AT) return null;

  // Keep the newest entries up to TAIL_KEEP (none when forced), seal at most a page of the rest.
  let keep = events.length;
  for (let kept = 0; !force && keep > 0 && kept + (sizes[keep - 1] ?? 0) <= TAIL_KEEP; keep--) {
    kept += sizes[keep - 1] ?? 0;
  }
  let cut = 0;
  for (let size = 0; cut < keep && size + (sizes[cut] ?? 0) <= PAGE_BUDGET; cut++) size += sizes[cut] ?? 0;
  const sameSource = (i: number) =>
    events[i]?.source !== undefined && events[i]?.source === events[i - 1]?.source;
  while (cut > 0 && cut < events.length && sameSource(cut)) cut--;
  // One comment's entries bigger than a page: seal them alone rather than never.
  if (cut === 0) for (cut = 1; cut < events.length && sameSource(cut); cut++);

  const sealed = events.slice(0, cut);
  const sources = new Set(sealed.flatMap((e) => (e.source === undefined ? [] : [e.source])));
  const later = new Set(events.slice(cut).flatMap((e) => (e.source === undefined ? [] : [e.source])));
  const newest = Math.max(0, ...sources);
  // Comments handled before the newest sealed one that left no entry in the tail (e.g. /help).
  const quiet = data.processed.filter((id) => id < newest && !sources.has(id) && !later.has(id));
  const processed = [...new Set([...sources, ...quiet])].sort((a, b) => a - b);
  return { from: data.sealed.count, events: sealed, processed };
}

/** The board's data once `page` is written as comment `commentId`. */
export function withSealedPage(data: BoardData, page: LogPage, commentId: number): BoardData {
  return {
    v: 2,
    sealed: {
      state: compactState(foldIncident(page.events, data.sealed.state)),
      count: data.sealed.count + page.events.length,
      pages: [...data.sealed.pages, { id: commentId, count: page.events.length, hash: pageHash(page) }],
    },
    events: data.events.slice(page.events.length),
    processed: data.processed,
  };
}

/** The comment a page is written as: a marker, one line for people, the entries (signed with `sign`). */
export function renderLogPage(page: LogPage, part: number, sign?: Signer): string {
  const first = page.from + 1;
  const last = page.from + page.events.length;
  return [
    LOG_MARKER,
    `🗂️ **Hotwash log, part ${part}**: entries ${first}–${last} of this incident's log, moved off the board to keep it under GitHub's comment size. Hidden as outdated on purpose: the post-mortem reads it from here. Please leave it as it is.`,
    encodeData(
      {
        v: 2,
        page: { from: page.from, hash: pageHash(page) },
        events: page.events,
        processed: page.processed,
      },
      sign,
    ),
  ].join("\n\n");
}

/** A page as written (its hash checks out), or null. */
export function readLogPage(body: string): LogPage | null {
  return readSignedLogPage(body)?.value ?? null;
}

/**
 * A page as written, with its signature: every entry checked against its schema, and its comment
 * ids no newer than its newest entry's (a page never vouches for a comment handled after it).
 */
export function readSignedLogPage(body: string): SignedBlock<LogPage> | null {
  if (!body.trimStart().startsWith(LOG_MARKER)) return null;
  const block = decodeData(body);
  if (!block) return null;
  const { value } = block;
  if (value.v !== 2 || Object.keys(value).length !== 4 || !isRecord(value.page)) return null;
  const { from, hash } = value.page;
  const events = parseEvents(value.events);
  const processed = parseIds(value.processed);
  if (!isCount(from) || typeof hash !== "string" || !events || !processed) return null;
  const newest = events.reduce((max, e) => Math.max(max, e.source ?? 0), 0);
  if (processed.some((id) => id > newest)) return null;
  const page: LogPage = { from, events, processed };
  return pageHash(page) === hash ? { ...block, value: page } : null;
}

/**
 * The sealed entries from the pages the board names, in order. A page that is missing, edited or
 * not the one recorded is left out and named in `missing`.
 */
export function joinPages(
  refs: readonly LogPageRef[],
  pages: readonly (LogPage | null)[],
): { events: IncidentEvent[]; missing: LogPageRef[] } {
  const events: IncidentEvent[] = [];
  const missing: LogPageRef[] = [];
  let from = 0;
  refs.forEach((ref, i) => {
    const page = pages[i];
    if (page && page.from === from && page.events.length === ref.count && pageHash(page) === ref.hash) {
      events.push(...page.events);
    } else {
      missing.push(ref);
    }
    from += ref.count;
  });
  return { events, missing };
}

/**
 * Without a board: the pages that continue each other from the log's first entry. Where two
 * pages start at the same entry (a seal whose board write was lost, then sealed again), the
 * later one is the one the log went on from.
 */
export function chainPages<T extends { id: number; page: LogPage }>(found: readonly T[]): T[] {
  const byStart = new Map<number, T>();
  for (const candidate of [...found].sort((a, b) => a.id - b.id)) {
    if (candidate.page.events.length) byStart.set(candidate.page.from, candidate);
  }
  const chain: T[] = [];
  for (let next = byStart.get(0); next; next = byStart.get(next.page.from + next.page.events.length)) {
    chain.push(next);
  }
  return chain;
}

/** A 53-bit hash of a page's content (cyrb53): detects an edited page, cheaply. */
export function pageHash(page: LogPage): string {
  const text = JSON.stringify([page.from, page.events, page.processed]);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// ---- validation ------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isPageRef(value: unknown): value is LogPageRef {
  return (
    isRecord(value) &&
    Object.keys(value).length === 3 &&
    isCount(value.id) &&
    isCount(value.count) &&
    typeof value.hash === "string" &&
    value.hash.length <= 20
  );
}
