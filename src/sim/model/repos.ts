/** Repositories and their labels. */
import { notFound } from "../errors.js";
import type { LabelRec, RepoRec, SimState } from "../state.js";
import { commitFiles } from "./git.js";
import { ensureUser } from "./users.js";

/** The labels GitHub creates in every new repository. */
const DEFAULT_LABELS: Array<[string, string, string]> = [
  ["bug", "d73a4a", "Something isn't working"],
  ["documentation", "0075ca", "Improvements or additions to documentation"],
  ["duplicate", "cfd3d7", "This issue or pull request already exists"],
  ["enhancement", "a2eeef", "New feature or request"],
  ["good first issue", "7057ff", "Good for newcomers"],
  ["help wanted", "008672", "Extra attention is needed"],
  ["invalid", "e4e669", "This doesn't seem right"],
  ["question", "d876e3", "Further information is requested"],
  ["wontfix", "ffffff", "This will not be worked on"],
];

export interface NewRepo {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  description?: string | null;
  /** Owner account type when the owner does not exist yet (default Organization). */
  ownerType?: "User" | "Organization";
  /** Create GitHub's default labels (default true). */
  defaultLabels?: boolean;
}

export function createRepo(st: SimState, spec: NewRepo): RepoRec {
  if (st.findRepo(spec.owner, spec.name))
    throw new Error(`GitHubSim: repo ${spec.owner}/${spec.name} exists`);
  const owner = ensureUser(st, spec.owner, spec.ownerType ?? "Organization");
  const now = st.nowIso();
  const repo: RepoRec = {
    id: st.nextId(),
    owner: owner.login,
    name: spec.name,
    fullName: `${owner.login}/${spec.name}`,
    private: spec.private ?? false,
    description: spec.description ?? null,
    defaultBranch: spec.defaultBranch ?? "main",
    createdAt: now,
    pushedAt: now,
    collaborators: new Map(),
    labels: new Map(),
    issues: new Map(),
    nextNumber: 1,
    refs: new Map(),
    blobs: new Map(),
    trees: new Map(),
    commits: new Map(),
    workflows: new Map(),
    runs: [],
    deployments: [],
    checkRuns: [],
  };
  st.repos.set(st.repoKey(owner.login, spec.name), repo);
  if (spec.defaultLabels !== false) {
    for (const [name, color, description] of DEFAULT_LABELS)
      addLabel(st, repo, name, color, description, true);
  }
  commitFiles(st, repo, {
    branch: repo.defaultBranch,
    files: { "README.md": `# ${spec.name}\n` },
    message: "Initial commit",
    author: owner,
  });
  return repo;
}

/** Look up `owner/name`; throws a 404 HttpError when missing (for handlers). */
export function repoOr404(st: SimState, owner: string, name: string): RepoRec {
  const repo = st.findRepo(owner, name);
  if (!repo) throw notFound();
  return repo;
}

/** Look up `owner/name` for the seeding API; throws a plain Error when missing. */
export function repoByName(st: SimState, fullName: string): RepoRec {
  const [owner, name] = fullName.split("/");
  const repo = owner && name ? st.findRepo(owner, name) : undefined;
  if (!repo) throw new Error(`GitHubSim: unknown repo ${fullName}`);
  return repo;
}

export function findLabel(repo: RepoRec, name: string): LabelRec | undefined {
  const key = name.toLowerCase();
  for (const label of repo.labels.values()) if (label.name.toLowerCase() === key) return label;
  return undefined;
}

export function addLabel(
  st: SimState,
  repo: RepoRec,
  name: string,
  color = "ededed",
  description: string | null = null,
  isDefault = false,
): LabelRec {
  const label: LabelRec = { id: st.nextId(), name, color, description, default: isDefault };
  repo.labels.set(label.id, label);
  return label;
}

/** Find a label by name, creating it (colour `ededed`) like GitHub does when labelling. */
export function ensureLabel(st: SimState, repo: RepoRec, name: string): LabelRec {
  return findLabel(repo, name) ?? addLabel(st, repo, name);
}
