/**
 * `.github/hotwash.yml` cached per repository and revalidated with If-None-Match: an unchanged
 * config costs a 304, which GitHub does not count against the rate limit; a change is read at once.
 */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigCache } from "../../src/github/config-cache.js";
import { createWorld, REPO } from "./harness.js";

const CONTENTS = "/repos/{owner}/{repo}/contents/{path}";

/** The config requests a step made, as "status" strings. */
async function configRequests(w: ReturnType<typeof createWorld>, step: () => Promise<unknown>) {
  const before = w.sim.requests.length;
  await step();
  return w.sim.requests
    .slice(before)
    .filter((r) => r.route === CONTENTS)
    .map((r) => r.status);
}

describe("config caching", () => {
  it("costs a command no counted request for config when it has not changed", async () => {
    const w = createWorld({ config: { roles: ["comms", "scribe"] } });
    const issue = w.openIssue("Checkout errors");
    await w.comment(issue.number, "bob", "/incident sev2");
    const statuses = await configRequests(w, () => w.comment(issue.number, "carol", "/note looking"));
    expect(statuses).toEqual([304]);
  });

  it("reads a changed config at once, and the next command obeys it", async () => {
    const w = createWorld({ config: { roles: ["comms"] } });
    const issue = w.openIssue("Checkout errors");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.sim.setFile(REPO, ".github/hotwash.yml", stringify({ commands: { note: { permission: "maintain" } } }));
    const statuses = await configRequests(w, async () => {
      const note = await w.comment(issue.number, "carol", "/note looking");
      expect(note.kind).not.toBe("done");
    });
    expect(statuses).toEqual([200]);
  });

  it("takes a config added where there was none on the next command", async () => {
    const w = createWorld();
    const issue = w.openIssue("Checkout errors");
    await w.comment(issue.number, "bob", "/incident sev2");
    w.sim.setFile(REPO, ".github/hotwash.yml", stringify({ commands: { note: { permission: "maintain" } } }));
    const note = await w.comment(issue.number, "carol", "/note looking");
    expect(note.kind).not.toBe("done");
  });

  it("caches each file a config `_extends`", async () => {
    const w = createWorld({ config: { _extends: ".github", roles: ["comms"] } });
    w.sim.createRepo("acme/.github");
    w.sim.setFile("acme/.github", ".github/hotwash.yml", stringify({ timezone: "Europe/Berlin" }));
    const issue = w.openIssue("Checkout errors");
    await w.comment(issue.number, "bob", "/incident sev2");
    const statuses = await configRequests(w, () => w.comment(issue.number, "carol", "/note looking"));
    expect(statuses).toEqual([304, 304]);
  });
});

describe("ConfigCache", () => {
  it("keeps the most recently used files, up to its size", () => {
    const cache = new ConfigCache(2);
    const file = (etag: string) => ({ etag, data: etag, headers: {} });
    cache.set("acme/a", file("a"));
    cache.set("acme/b", file("b"));
    cache.get("acme/a");
    cache.set("acme/c", file("c"));
    expect(cache.get("acme/b")).toBeUndefined();
    expect(cache.get("acme/a")?.etag).toBe("a");
    expect(cache.get("acme/c")?.etag).toBe("c");
  });
});
