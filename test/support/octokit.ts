import { Octokit } from "@octokit/rest";

/** A plain @octokit/rest client with a token, pointed at `baseUrl` (nock-intercepted or a loopback sim). */
export function testOctokit(baseUrl = "https://api.github.com", auth = "ghs_test_token"): Octokit {
  return new Octokit({ auth, baseUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
}
