import { describe, expect, it } from "vitest";
import { renderHelp } from "../../src/core/command/help.js";
import { interpret } from "../../src/core/command/interpret.js";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { renderBoard } from "../../src/core/incident/board.js";
import { knownLog } from "../../src/core/incident/correct.js";
import { decide } from "../../src/core/incident/decide.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { emptyBoardData, planSeal, withSealedPage } from "../../src/core/incident/log.js";
import { parseEvents } from "../../src/core/incident/log-schema.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { buildTimeline } from "../../src/core/timeline/entries.js";

const t = (hm: string) => `2024-05-01T${hm}:00.000Z`;

const log: IncidentEvent[] = [
  {
    type: "declared",
    at: t("10:00"),
    actor: "alice",
    source: 1,
    title: "Checkout down",
    severity: "sev2",
    drill: false,
    commander: "alice",
  },
  { type: "note", at: t("10:05"), actor: "bob", source: 2, text: "Paged the db on-call" },
  { type: "backdated", at: t("09:50"), actor: "bob", source: 3, text: "First alert", recordedAt: t("10:06") },
  { type: "note", at: t("10:07"), actor: "bob", source: 4, text: "Wrong incident" },
];
const fix: IncidentEvent = {
  type: "correction",
  at: t("10:10"),
  actor: "carol",
  source: 5,
  entry: 2,
  text: "Paged the database on-call",
  to: null,
};
const retime: IncidentEvent = {
  type: "correction",
  at: t("10:11"),
  actor: "carol",
  source: 6,
  entry: 3,
  text: null,
  to: t("09:45"),
};
const drop: IncidentEvent = { type: "retraction", at: t("10:12"), actor: "carol", source: 7, entry: 4 };

const texts = (events: IncidentEvent[], firstIndex?: number) =>
  buildTimeline(events, [], firstIndex === undefined ? {} : { firstIndex }).map((e) => ({
    ref: e.ref,
    at: e.at,
    text: e.text,
  }));

describe("buildTimeline with corrections", () => {
  it("shows corrected text and time with who corrected them, drops retracted entries, records each change", () => {
    expect(texts([...log, fix, retime, drop], 0)).toEqual([
      {
        ref: "t3",
        at: t("09:45"),
        text: "First alert (recorded later, 2024-05-01 10:06) (corrected by @carol, 2024-05-01 10:11)",
      },
      { ref: "t1", at: t("10:00"), text: "Declared sev2: Checkout down" },
      {
        ref: "t2",
        at: t("10:05"),
        text: "Paged the database on-call (corrected by @carol, 2024-05-01 10:10)",
      },
      { ref: "t5", at: t("10:10"), text: "Corrected t2 (text)" },
      { ref: "t6", at: t("10:11"), text: "Corrected t3 (time → 2024-05-01 09:45)" },
      { ref: "t7", at: t("10:12"), text: "Dropped t4: Wrong incident" },
    ]);
  });

  it("keeps refs stable when the oldest entries are sealed away", () => {
    const whole = texts([...log, fix], 0);
    const tail = texts([...log, fix].slice(2), 2);
    expect(tail).toEqual(whole.filter((e) => e.ref !== "t1" && e.ref !== "t2"));
    // The corrected entry is sealed: the correction is shown, nothing else changes.
    expect(tail.find((e) => e.ref === "t5")?.text).toBe("Corrected t2 (text)");

    let data = { ...emptyBoardData(), events: [...log], processed: [1, 2, 3, 4] };
    const page = planSeal(data, true);
    if (!page) throw new Error("nothing to seal");
    data = withSealedPage({ ...data, events: [...log] }, page, 900);
    data = { ...data, events: [...data.events, fix] };
    const state = foldIncident(data.events, data.sealed.state);
    const board = renderBoard({
      issueNumber: 1,
      state,
      data,
      config: DEFAULT_CONFIG,
      now: new Date(t("10:15")),
      repoUrl: "https://github.com/acme/shop",
    });
    expect(data.sealed.count).toBeGreaterThan(0);
    expect(board).toContain(`| \`t${data.sealed.count + 1}\` | 2024-05-01 10:10 |`);
  });

  it("ignores corrections the rules do not allow (a hand-made log) and without known positions", () => {
    const forged: IncidentEvent = { ...drop, entry: 1 };
    expect(texts([...log, forged], 0).find((e) => e.ref === "t1")?.text).toBe("Declared sev2: Checkout down");
    expect(texts([...log, fix]).map((e) => e.text)).toContain("Paged the db on-call");
    expect(texts([...log, fix]).every((e) => e.ref === undefined)).toBe(true);
  });

  it("validates the new entries strictly", () => {
    expect(parseEvents([fix, retime, drop])).not.toBeNull();
    expect(parseEvents([{ ...drop, entry: 0 }])).toBeNull();
    expect(parseEvents([{ ...fix, to: "yesterday" }])).toBeNull();
    expect(parseEvents([{ ...drop, text: "x" }])).toBeNull();
  });
});

describe("/timeline fix and drop", () => {
  const now = new Date(t("10:30"));
  const parse = (args: string) =>
    interpret({ name: "timeline", args, line: 1 }, { config: DEFAULT_CONFIG, now });

  it("parses a text fix, a time fix with or without text, and a drop; a note still needs a time first", () => {
    expect(parse("fix t2 Paged the database")).toEqual({
      ok: true,
      command: { name: "timeline-fix", entry: 2, text: "Paged the database", at: null },
    });
    expect(parse("fix T3 09:45Z")).toEqual({
      ok: true,
      command: { name: "timeline-fix", entry: 3, text: null, at: t("09:45") },
    });
    expect(parse("FIX t3 2024-05-01 09:45 First page")).toMatchObject({
      command: { entry: 3, text: "First page", at: t("09:45") },
    });
    expect(parse("drop t4")).toEqual({ ok: true, command: { name: "timeline-drop", entry: 4 } });
    expect(parse("10:00 fix the pool")).toMatchObject({
      command: { name: "timeline", text: "fix the pool" },
    });
  });

  it("refuses bad refs and futures with the usage", () => {
    expect(parse("fix 2 text")).toEqual({
      ok: false,
      error: expect.stringContaining("`2` is not an entry ref") as string,
    });
    expect(parse("drop t0")).toMatchObject({
      error: expect.stringContaining("Usage: `/timeline drop <ref>`"),
    });
    expect(parse("drop t4 because")).toMatchObject({
      error: expect.stringContaining("takes only the entry's ref"),
    });
    expect(parse("fix t2 2024-05-02 09:00Z x")).toMatchObject({
      error: expect.stringContaining("in the future"),
    });
  });

  const ctx = (events: IncidentEvent[], from = 0) => ({
    actor: "carol",
    at: t("10:30"),
    config: DEFAULT_CONFIG,
    issueTitle: "Checkout down",
    log: knownLog(from, from ? undefined : [], events.slice(from)),
  });

  it("records a correction for a note and refuses state entries, unknown and dropped refs", () => {
    const state = foldIncident(log);
    const ok = decide(state, { name: "timeline-fix", entry: 2, text: "x", at: null }, ctx(log));
    expect(ok).toMatchObject({ ok: true, events: [{ type: "correction", entry: 2, text: "x", to: null }] });

    const refused = (
      events: IncidentEvent[],
      entry: number,
      name: "timeline-fix" | "timeline-drop" = "timeline-drop",
    ) => {
      const command = name === "timeline-drop" ? { name, entry } : { name, entry, text: "x", at: null };
      const decision = decide(foldIncident(events), command, ctx(events));
      return decision.ok ? "accepted" : decision.error;
    };
    expect(refused(log, 1)).toContain("`t1` (declared) is part of the incident's state");
    expect(refused(log, 9)).toContain("`t9` is not on this incident's timeline: its entries are `t1`…`t4`");
    expect(refused([...log, drop], 4)).toBe("`t4` was already dropped.");
    expect(refused([...log, drop], 4, "timeline-fix")).toContain("`t4` was dropped");
    expect(refused([...log, fix], 5)).toContain("`t5` records a change to `t2`");
    // A sealed entry that could not be read is not guessed at.
    const sealedOnly = decide(foldIncident(log), { name: "timeline-drop", entry: 2 }, ctx(log, 3));
    expect(sealedOnly).toMatchObject({ ok: false, error: expect.stringContaining("could not be read") });
  });
});

describe("/help", () => {
  it("lists /timeline fix and /timeline drop under /timeline, with its access", () => {
    const rows = renderHelp(DEFAULT_CONFIG).split("\n");
    const at = rows.findIndex((row) => row.startsWith("| `/timeline [YYYY-MM-DD]"));
    expect(rows[at + 1]).toMatch(/^\| `\/timeline fix <ref> .*\| `triage` or higher \|$/);
    expect(rows[at + 2]).toMatch(/^\| `\/timeline drop <ref>` \| .*\| `triage` or higher \|$/);
  });
});
