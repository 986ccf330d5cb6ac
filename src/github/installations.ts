import type { OctokitClient } from "./octokit-port.js";
import type { RepoRef } from "../services/port.js";

/** `app.auth` from Probot: the app's own client without an id, an installation's with one. */
export type AppAuth = (installationId?: number) => Promise<unknown>;

/** Every repository every installation can see, with a client for it (the App's reminder timer). */
export async function forEachInstalledRepo(
  auth: AppAuth,
  visit: (client: OctokitClient, repo: RepoRef & { htmlUrl: string }) => Promise<void>,
): Promise<void> {
  const app = (await auth()) as OctokitClient;
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    const client = (await auth(installation.id)) as OctokitClient;
    const repos = await client.paginate(client.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const repo of repos) {
      if (repo.archived || !repo.has_issues) continue;
      await visit(client, { owner: repo.owner.login, repo: repo.name, htmlUrl: repo.html_url });
    }
  }
}
