/** `simple-user` objects. */
import { ensureUser } from "../model/users.js";
import type { SimState } from "../state.js";
import type { RestObject } from "../types.js";
import { enc, nodeId } from "../util.js";

export function simpleUser(st: SimState, login: string): RestObject {
  const user = ensureUser(st, login);
  const api = `${st.api}/users/${enc(user.login)}`;
  const isBot = user.type === "Bot";
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: isBot
      ? `https://avatars.githubusercontent.com/in/${st.app.id}?v=4`
      : `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: isBot
      ? `${st.web}/apps/${enc(user.login.replace(/\[bot\]$/, ""))}`
      : `${st.web}/${enc(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function simpleUserOrNull(st: SimState, login: string | null | undefined): RestObject | null {
  return login ? simpleUser(st, login) : null;
}
