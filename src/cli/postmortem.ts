import { writeFile } from "node:fs/promises";
import { findIncident, repairIfNeeded } from "../services/incident-store.js";
import { loadConfig } from "../services/load-config.js";
import { loadFullLog } from "../services/log-pages.js";
import { buildPostmortem, missingEntriesText } from "../services/postmortem.js";
import { cliDeps, issueNumberArg, parseArgs } from "./context.js";

/**
 * `hotwash postmortem --repo o/r --issue N [--out FILE]`: the post-mortem `/postmortem` would
 * commit, rendered from the incident's log and timeline, without opening a pull request.
 */
export async function postmortemCommand(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { repo: { type: "string" }, issue: { type: "string" }, out: { type: "string" } },
  });
  const issueNumber = issueNumberArg(values.issue);
  const deps = cliDeps(values.repo, env);
  const [issue, { config, problems }, found] = await Promise.all([
    deps.port.getIssue(issueNumber),
    loadConfig(deps.port),
    findIncident(deps, issueNumber),
  ]);
  if (problems) process.stderr.write(`warning: .github/hotwash.yml is not valid; using defaults.\n`);
  // Read-only: a lost board is rebuilt in memory from the comments, never written back.
  const loaded = await repairIfNeeded(deps, found, issue, config);
  if (!loaded.state.declared) {
    process.stderr.write(
      `#${issueNumber} is not an incident (no Hotwash board and no \`${config.labels.incident}\` label).\n`,
    );
    return 1;
  }
  const log = await loadFullLog(deps, loaded);
  if (log.missing) process.stderr.write(`warning: ${missingEntriesText(log.missing)}\n`);
  const document = await buildPostmortem(deps, { issue, config, events: log.events, state: log.state });
  if (values.out) {
    await writeFile(values.out, document.markdown, "utf8");
    process.stderr.write(`Wrote ${values.out} (commit it as ${document.path}).\n`);
  } else {
    process.stdout.write(document.markdown);
  }
  return 0;
}
