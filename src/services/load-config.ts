import { DEFAULT_CONFIG, parseConfig } from "../core/config/parse.js";
import type { HotwashConfig } from "../core/config/schema.js";
import { incidentLabels } from "./incident-labels.js";
import type { GitHubPort } from "./port.js";

export interface LoadedConfig {
  config: HotwashConfig;
  /** Set when `.github/hotwash.yml` is broken: defaults are in use and destructive commands are off. */
  problems: string[] | null;
}

export async function loadConfig(port: GitHubPort): Promise<LoadedConfig> {
  const loaded = await readConfig(port);
  // The App's sweep finds incidents by label: it learns here which label each repository uses.
  incidentLabels.note(port.repo, loaded.config.labels.incident);
  return loaded;
}

async function readConfig(port: GitHubPort): Promise<LoadedConfig> {
  const load = await port.loadConfig();
  if (load.kind === "missing") return { config: DEFAULT_CONFIG, problems: null };
  if (load.kind === "unreadable") return { config: DEFAULT_CONFIG, problems: [load.problem] };
  const parsed = parseConfig(load.raw);
  return parsed.ok
    ? { config: parsed.config, problems: null }
    : { config: DEFAULT_CONFIG, problems: parsed.problems };
}

export function configProblemText(problems: readonly string[]): string {
  return [
    "**`.github/hotwash.yml` is not valid**, so Hotwash is using its defaults and will not run diagnostics, rollbacks, action items or post-mortems until it is fixed:",
    ...problems.map((p) => `- ${p}`),
    "",
    "Fix the file (the documented example is `templates/hotwash.example.yml`; `npx hotwash validate-config .github/hotwash.yml` checks it locally).",
  ].join("\n");
}
