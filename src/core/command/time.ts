/** Wall-clock time in some zone; month is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at instant `ms` (seconds included, so sub-minute historic offsets stay exact). */
function wallAt(ms: number, zone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function wallAsUtcMs(wall: WallTime & { second?: number }): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
}

/** Offset of `zone` from UTC at instant `ms`, in ms (Berlin in summer: +7_200_000). */
function offsetAt(ms: number, zone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  return wallAsUtcMs(wallAt(second, zone)) - second;
}

/** The wall clock in `zone` at `instant`, to the minute. */
export function utcToZonedTime(instant: Date, zone: string): WallTime {
  const { year, month, day, hour, minute } = wallAt(instant.getTime(), zone);
  return { year, month, day, hour, minute };
}

/**
 * The instant at which `zone`'s clocks showed `wall`. Null when that wall time never happened
 * (skipped by a spring-forward transition). When it happened twice (fall-back), the earlier one,
 * as Temporal's "compatible" disambiguation does; people can add `Z` to be exact.
 */
export function zonedTimeToUtc(wall: WallTime, zone: string): Date | null {
  const local = wallAsUtcMs(wall);
  // The true offset is one of those in force within a day of the wall time (zones span ±14h).
  const offsets = new Set([
    offsetAt(local - DAY_MS, zone),
    offsetAt(local, zone),
    offsetAt(local + DAY_MS, zone),
  ]);
  const matches = [...offsets]
    .map((offset) => local - offset)
    .filter((ms) => sameWall(utcToZonedTime(new Date(ms), zone), wall))
    .sort((a, b) => a - b);
  return matches[0] === undefined ? null : new Date(matches[0]);
}

/** True when the parts name a real calendar date and clock time (no 2026-02-30, no 25:00). */
export function isValidWallTime(wall: WallTime): boolean {
  if (wall.hour < 0 || wall.hour > 23 || wall.minute < 0 || wall.minute > 59) return false;
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  return (
    date.getUTCFullYear() === wall.year &&
    date.getUTCMonth() === wall.month - 1 &&
    date.getUTCDate() === wall.day
  );
}

/** The calendar date `days` after the given one (negative for before). */
export function addDays(wall: WallTime, days: number): WallTime {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return (
    a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute
  );
}
