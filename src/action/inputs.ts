import { readFile } from "node:fs/promises";

/** The inputs declared in action.yml (repository root); a test checks the two agree. */
export const ACTION_INPUTS = [
  "mode",
  "github-token",
  "signing-key",
  "incident",
  "status",
  "summary",
  "body",
  "body-file",
  "since",
  "until",
  "commit",
  "metrics-path",
] as const;
export const ACTION_OUTPUTS = ["incident", "decision", "reason"] as const;

export type ActionInputs = Record<(typeof ACTION_INPUTS)[number], string>;

/** Reads inputs as the runner passes them: INPUT_<NAME> with spaces as underscores, upper-cased. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const entries = ACTION_INPUTS.map((name) => [
    name,
    (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
  ]);
  return Object.fromEntries(entries) as ActionInputs;
}

/** A step that died before writing its output file still gets its report posted. */
export async function reportBody(inputs: ActionInputs): Promise<string> {
  if (!inputs["body-file"]) return inputs.body;
  try {
    return await readFile(inputs["body-file"], "utf8");
  } catch {
    return `(no output: ${inputs["body-file"]} was not written)`;
  }
}
