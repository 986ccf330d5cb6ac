/** Users, bots, collaborator permissions and team membership. */
import type { RepoRec, SimState, UserRec, UserType } from "../state.js";
import type { Permission } from "../types.js";

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function atLeast(p: Permission, min: Permission): boolean {
  return RANK[p] >= RANK[min];
}

export function ensureUser(
  st: SimState,
  login: string,
  type: UserType = login.endsWith("[bot]") ? "Bot" : "User",
  name: string | null = null,
): UserRec {
  const existing = st.findUser(login);
  if (existing) return existing;
  const id = st.nextId();
  const rec: UserRec = {
    id,
    login,
    type,
    name,
    email: `${id}+${login}@users.noreply.github.com`,
    createdAt: st.nowIso(),
  };
  st.users.set(login.toLowerCase(), rec);
  return rec;
}

export function requireUser(st: SimState, login: string): UserRec {
  const user = st.findUser(login);
  if (!user) throw new Error(`GitHubSim: unknown user ${login}`);
  return user;
}

/** The user's effective permission on the repository (owner → admin; unknown → public read / none). */
export function permissionOf(st: SimState, repo: RepoRec, login: string): Permission {
  const key = login.toLowerCase();
  if (key === repo.owner.toLowerCase()) return "admin";
  for (const [who, perm] of repo.collaborators) if (who.toLowerCase() === key) return perm;
  if (login === st.botLogin) return "write";
  return repo.private ? "none" : "read";
}

export function isCollaborator(st: SimState, repo: RepoRec, login: string): boolean {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return true;
  for (const [who, perm] of repo.collaborators)
    if (who.toLowerCase() === login.toLowerCase()) return perm !== "none";
  return false;
}

/** Legacy `permission` value of the collaborator-permission endpoint. */
export function legacyPermission(p: Permission): "admin" | "write" | "read" | "none" {
  if (p === "admin") return "admin";
  if (p === "maintain" || p === "write") return "write";
  if (p === "triage" || p === "read") return "read";
  return "none";
}

export function permissionFlags(p: Permission): Record<string, boolean> {
  return {
    admin: atLeast(p, "admin"),
    maintain: atLeast(p, "maintain"),
    push: atLeast(p, "write"),
    triage: atLeast(p, "triage"),
    pull: atLeast(p, "read"),
  };
}

export function authorAssociation(st: SimState, repo: RepoRec, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const user = st.findUser(login);
  if (user?.type === "Bot") return "NONE";
  return isCollaborator(st, repo, login) ? "COLLABORATOR" : "NONE";
}

export function teamKey(org: string, slug: string): string {
  return `${org}/${slug}`.toLowerCase();
}
