import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkPostmortem, isReady } from "../core/postmortem/check.js";
import { readDefaultTemplate } from "../services/postmortem.js";

const REPOSITORY_TEMPLATE = ".github/hotwash/postmortem.md";

/**
 * `hotwash check-postmortem FILE [--template FILE]`: the pull request's check, locally and without
 * a token. Prints `FILE:LINE: message` (editors and terminals link these); exit 1 until ready.
 */
export async function checkPostmortemCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { template: { type: "string" } },
  });
  const path = positionals[0];
  if (!path) {
    process.stderr.write("Usage: hotwash check-postmortem FILE [--template FILE]\n");
    return 2;
  }
  const markdown = await readFile(path, "utf8").catch(() => null);
  if (markdown === null) {
    process.stderr.write(
      `${path}: cannot read the file. Pass the path of a post-mortem (docs/postmortems/…).\n`,
    );
    return 2;
  }
  // The template decides which sections are expected: the one named, the repository's, else Hotwash's.
  const named = values.template ?? REPOSITORY_TEMPLATE;
  const template =
    (await readFile(named, "utf8").catch(() => null)) ??
    (values.template ? null : await readDefaultTemplate());
  if (template === null) {
    process.stderr.write(`${named}: cannot read the template.\n`);
    return 2;
  }
  const findings = checkPostmortem(markdown, { template });
  for (const f of findings)
    process.stdout.write(`${path}:${f.line}: ${f.level === "warning" ? "warning: " : ""}${f.message}\n`);
  const failures = findings.filter((f) => f.level === "failure").length;
  process.stdout.write(
    isReady(findings)
      ? `${path}: ready to merge.\n`
      : `${path}: not ready: ${failures} ${failures === 1 ? "thing" : "things"} to fix.\n`,
  );
  return isReady(findings) ? 0 : 1;
}
