#!/usr/bin/env node
import { parseArgs } from "node:util";
import { validateConfigFile } from "./validate-config.js";
import { configJsonSchema } from "../core/config/json-schema.js";

const USAGE = `Usage: hotwash <command> [options]

Commands:
  demo                                  play a whole incident against the built-in GitHub simulator
  postmortem --repo o/r --issue N [--out FILE]
                                        render the post-mortem of an existing incident (GITHUB_TOKEN)
  metrics --repo o/r [--since DATE] [--until DATE] [--format markdown|json|csv] [--out FILE]
                                        figures across the repository's incidents (GITHUB_TOKEN)
  report --repo o/r --issue N --summary TEXT [--status success|failure] [--body-file FILE]
                                        post a diagnostics/rollback result to an incident (GITHUB_TOKEN)
  validate-config [FILE]                check a .github/hotwash.yml (default: .github/hotwash.yml)
  check-postmortem FILE [--template FILE]
                                        check a post-mortem is ready to merge (no token needed)
  schema                                print the config's JSON schema

Environment: GITHUB_TOKEN, GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3).`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo": {
      const { runDemo } = await import("./demo.js");
      return runDemo(rest);
    }
    case "postmortem": {
      const { postmortemCommand } = await import("./postmortem.js");
      return postmortemCommand(rest);
    }
    case "metrics": {
      const { metricsCommand } = await import("./metrics.js");
      return metricsCommand(rest);
    }
    case "report": {
      const { reportCommand } = await import("./report.js");
      return reportCommand(rest);
    }
    case "validate-config": {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      return validateConfigFile(positionals[0] ?? ".github/hotwash.yml");
    }
    case "check-postmortem": {
      const { checkPostmortemCommand } = await import("./check-postmortem.js");
      return checkPostmortemCommand(rest);
    }
    case "schema":
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hotwash: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
