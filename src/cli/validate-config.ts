import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { parseConfig } from "../core/config/parse.js";

/** `hotwash validate-config [file]`: the same validation the App runs, before you push. */
export async function validateConfigFile(path: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    process.stderr.write(`${path}: cannot read the file. Pass the path of your .github/hotwash.yml.\n`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    process.stderr.write(`${path}: not valid YAML: ${(error as Error).message}\n`);
    return 1;
  }
  const result = parseConfig(raw);
  // The file it extends lives in another repository: the App and the Action merge it when they load this one.
  const extended = (raw as { _extends?: unknown } | null)?._extends;
  const inherits =
    typeof extended === "string"
      ? ` \`_extends: ${extended}\` is not fetched here: this checks the file on its own.`
      : "";
  if (result.ok) {
    const severities = Object.keys(result.config.severities).join(", ");
    const services = Object.keys(result.config.services).join(", ") || "none";
    process.stdout.write(`${path}: valid. Severities: ${severities}. Services: ${services}.${inherits}\n`);
    return 0;
  }
  process.stderr.write(
    `${path}: ${result.problems.length} problem(s):\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n${inherits ? `${inherits.trim()}\n` : ""}`,
  );
  return 1;
}
