import { readFile } from "node:fs/promises";

/** The inputs declared in action/action.yml; a test checks the two agree. */
export const ACTION_INPUTS = [
  "mode",
  "github-token",
  "incident",
  "status",
  "summary",
  "body",
  "body-file",
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

export async function reportBody(inputs: ActionInputs): Promise<string> {
  return inputs["body-file"] ? readFile(inputs["body-file"], "utf8") : inputs.body;
}
