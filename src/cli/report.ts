import { readFile } from "node:fs/promises";
import { postReport } from "../services/report.js";
import { cliDeps, issueNumberArg, parseArgs } from "./context.js";

/** `hotwash report`: what the Action's report mode does, from any CI system or a terminal. */
export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      issue: { type: "string" },
      status: { type: "string", default: "success" },
      summary: { type: "string" },
      "body-file": { type: "string" },
      "run-url": { type: "string" },
    },
  });
  if (!values.summary) throw new Error("--summary TEXT is required");
  const deps = cliDeps(values.repo);
  const outcome = await postReport(deps, {
    issueNumber: issueNumberArg(values.issue),
    status: values.status ?? "success",
    summary: values.summary,
    body: values["body-file"] ? await readFile(values["body-file"], "utf8") : "",
    runUrl: values["run-url"] ?? null,
    actor: process.env.USER ?? "hotwash-cli",
  });
  process.stdout.write(`Posted ${outcome.commentUrl}\n`);
  return 0;
}
