/** The files a GitHub Actions runner hands a step (outputs, job summary, event), in a temp directory. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunnerFiles {
  dir: string;
  output: string;
  summary: string;
  path(name: string): string;
  write(name: string, content: string): string;
  outputs(): Record<string, string>;
  /** Empty output and summary files, as the runner hands each new step. */
  reset(): void;
  remove(): void;
}

export function runnerFiles(): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), "hotwash-runner-"));
  const output = join(dir, "output");
  const summary = join(dir, "step-summary.md");
  const reset = () => {
    writeFileSync(output, "");
    writeFileSync(summary, "");
  };
  reset();
  return {
    dir,
    output,
    summary,
    path: (name) => join(dir, name),
    write(name, content) {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    outputs: () => parseOutputs(readFileSync(output, "utf8")),
    reset,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `GITHUB_OUTPUT` as @actions/core writes it: `name<<DELIMITER\nvalue\nDELIMITER\n` per output. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (head?.[1] && head[2]) {
      const end = lines.indexOf(head[2], i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${head[1]}`);
      outputs[head[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i] ?? "");
    if (simple?.[1]) outputs[simple[1]] = simple[2] ?? "";
  }
  return outputs;
}
