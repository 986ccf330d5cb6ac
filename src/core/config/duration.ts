/** Durations in config are human strings ("15m", "1h", "7d"); the code works in milliseconds. */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const DURATION_PATTERN = /^(\d+)\s*(s|m|h|d|w)$/;

export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** "1h 30m" style, largest two units; used in replies, the board and post-mortems. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms / 60_000));
  if (rest === 0) return ms === 0 ? "0m" : `${sign}<1m`;
  const parts: string[] = [];
  for (const [unit, minutes] of [
    ["d", 1440],
    ["h", 60],
    ["m", 1],
  ] as const) {
    const n = Math.floor(rest / minutes);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * minutes;
  }
  return sign + parts.slice(0, 2).join(" ");
}
