/**
 * How long parseComment takes on a 65 KB comment (GitHub's limit is 65,536 characters). Reports
 * the fastest of many warm runs, which load on a shared machine cannot make faster: the realistic
 * comment is held to 5 ms, the adversarial shapes are reported with a loose bound.
 */
import { describe, expect, it } from "vitest";
import { commandNames, parseComment } from "../../src/core/command/parse.js";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";

const NAMES = commandNames(DEFAULT_CONFIG);
const SIZE = 65_000;

/** An incident comment as people write them: prose, lists, logs, a table, quotes, commands. */
const REALISTIC = [
  "We started seeing **elevated 500s** on `checkout-api` at 10:02 UTC, right after the deploy of [v2.14.0](https://github.com/acme/shop/releases/tag/v2.14.0). Error rate peaked at ~12% in eu-west-1; _support_ confirmed customer reports.",
  "Timeline so far:\n\n- 10:02 alerts fired (`HighErrorRate`)\n- 10:05 paged, acked at 10:07\n- 10:11 rollback considered, see https://wiki.example.com/runbooks/checkout\n  - waiting on the DB team\n- 10:20 connection pool exhausted on `db-primary`",
  "```\n2026-11-23T10:02:13Z ERROR pool: timeout acquiring connection (waited 5000ms)\n2026-11-23T10:02:15Z WARN  retrying request id=8f2a9c1 attempt=2\n/sev1 in a log line\n```",
  "> From the vendor: we are aware of degraded performance in eu-west-1\n> and are investigating.",
  "| service | p50 | p99 | errors |\n| --- | --- | --- | --- |\n| checkout-api | 120ms | 2.3s | 12% |\n| cart | 80ms | 400ms | 0.1% |",
  "/status identified connection pool exhausted after the deploy\n/note paged the DBA, waiting for the replica",
  "<details><summary>Stack trace</summary>\n\n```\nError: timeout\n    at Pool.acquire (pool.js:112:11)\n```\n\n</details>",
];

function repeatTo(size: number, ...blocks: string[]): string {
  let text = "";
  for (let i = 0; text.length < size; i++) text += `${blocks[i % blocks.length]}\n\n`;
  return text.slice(0, size);
}

/** Fastest of `runs` after warming up, in ms. */
function fastest(body: string, runs = 40): number {
  for (let i = 0; i < 20; i++) parseComment(body, NAMES);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parseComment(body, NAMES);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe("parseComment on a 65 KB comment", () => {
  it("takes at most 5 ms for an incident comment", () => {
    const body = repeatTo(SIZE, ...REALISTIC);
    const ms = fastest(body);
    console.log(`realistic 65 KB comment: ${ms.toFixed(2)} ms`);
    expect(ms).toBeLessThanOrEqual(5);
  });

  it("stays bounded on adversarial shapes", () => {
    const shapes: Record<string, string> = {
      "command lines only": repeatTo(SIZE, "/note checking the replica lag now"),
      "one table": `/sev1\n\n| a | b |\n| - | - |\n${"| 1 | 2 |\n".repeat(SIZE / 10)}`,
      "many tables": repeatTo(SIZE, "/sev1", "| a | b |\n| - | - |\n| 1 | /2 |"),
      "nested lists": repeatTo(SIZE, "/sev1", "- a\n  - b\n    1. c `d`\n/lazy"),
      "quotes, lazy lines": repeatTo(SIZE, "/sev1", "> quoted\nlazy /x\n> > deeper"),
      "unclosed HTML": `/sev1 ${'<!-- <? <a b="'.repeat(SIZE / 15)}`,
      backticks: `/sev1 ${"` `` ``` ".repeat(SIZE / 10)}\n/help`,
      emphasis: `/sev1 ${"*a _b **c ".repeat(SIZE / 10)}\n/help`,
    };
    const report: string[] = [];
    for (const [shape, body] of Object.entries(shapes)) {
      const ms = fastest(body, 10);
      report.push(`${shape}: ${ms.toFixed(2)} ms`);
      expect(ms, shape).toBeLessThan(100);
    }
    console.log(`65 KB adversarial shapes: ${report.join("; ")}`);
  });

  it("skips a comment without a command line without parsing it", () => {
    const body = repeatTo(SIZE, REALISTIC[0] ?? "", REALISTIC[3] ?? "");
    const ms = fastest(body);
    console.log(`65 KB comment without a command: ${ms.toFixed(3)} ms`);
    expect(ms).toBeLessThan(1);
  });
});
