/** The simulated GitHub App (`integration`) and its installation. */
import type { SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { nodeId } from "../util.js";
import { simpleUser } from "./users.js";

export const APP_PERMISSIONS = {
  actions: "write",
  checks: "write",
  contents: "write",
  deployments: "read",
  issues: "write",
  members: "read",
  metadata: "read",
  pull_requests: "write",
} as const;

export const APP_EVENTS = ["issue_comment", "issues", "pull_request", "workflow_run"];

/** The account that owns the app and the installation: the first organization, else the first user. */
function accountLogin(st: SimState): string | undefined {
  const users = [...st.users.values()].filter((u) => u.type !== "Bot");
  return (users.find((u) => u.type === "Organization") ?? users[0])?.login;
}

export function integration(st: SimState): RestObject {
  const created = "2024-01-01T00:00:00Z";
  const owner = accountLogin(st);
  return {
    id: st.app.id,
    slug: st.app.slug,
    node_id: nodeId("App", st.app.id),
    client_id: `Iv1.${String(st.app.id).padStart(16, "0")}`,
    owner: owner ? simpleUser(st, owner) : null,
    name: st.app.name,
    description: "Incident response for GitHub",
    external_url: `${st.web}/apps/${st.app.slug}`,
    html_url: `${st.web}/apps/${st.app.slug}`,
    created_at: created,
    updated_at: created,
    permissions: { ...APP_PERMISSIONS },
    events: [...APP_EVENTS],
    installations_count: 1,
  };
}

export function installation(st: SimState, accountOverride?: string): RestObject {
  const created = "2024-01-01T00:00:00Z";
  const login = accountOverride ?? accountLogin(st);
  const account = login ? st.findUser(login) : undefined;
  const id = st.app.installationId;
  return {
    id,
    client_id: `Iv1.${String(st.app.id).padStart(16, "0")}`,
    account: login ? simpleUser(st, login) : null,
    repository_selection: st.app.repositories ? "selected" : "all",
    access_tokens_url: `${st.api}/app/installations/${id}/access_tokens`,
    repositories_url: `${st.api}/installation/repositories`,
    html_url: `${st.web}/organizations/${login ?? "unknown"}/settings/installations/${id}`,
    app_id: st.app.id,
    app_slug: st.app.slug,
    target_id: account?.id ?? 0,
    target_type: account?.type === "User" ? "User" : "Organization",
    permissions: { ...APP_PERMISSIONS },
    events: [...APP_EVENTS],
    created_at: created,
    updated_at: created,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
