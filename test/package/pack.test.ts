/**
 * The npm package as a user gets it: `npm pack` from a copy of the working tree without dist/ (as a
 * fresh clone has), installed into an empty directory from npm's cache (no network; `npm ci` fills
 * the cache), then the installed `hotwash` binary run through npx as the README says.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockForTarball } from "./offline-lock.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** What an outer `npm test` tells its scripts about this project; npm config (the cache) stays. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$)/i.test(key),
  ),
) as NodeJS.ProcessEnv;

async function sh(cwd: string, file: string, args: string[], timeout = 120_000): Promise<Result> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env, timeout, maxBuffer: 32 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let work: string;
let user: string;
let tarball: string;
let listing: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hotwash-pack-"));
  // The working tree as git sees it (tracked and new files, nothing ignored: no dist/).
  const clone = join(work, "clone");
  const files = await sh(ROOT, "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  for (const file of files.stdout.split("\0").filter(Boolean)) {
    if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(clone, file), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");

  const packed = await sh(clone, "npm", ["pack", "--pack-destination", work]);
  const name = packed.stdout.trim().split("\n").at(-1) ?? "";
  if (packed.code !== 0 || !name.endsWith(".tgz"))
    throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  tarball = join(work, name);
  listing = (await sh(work, "tar", ["-tzf", tarball])).stdout.split("\n").filter(Boolean);

  user = join(work, "user");
  mkdirSync(user);
  const registry = (await sh(user, "npm", ["config", "get", "registry"])).stdout.trim();
  const json = (file: string) => JSON.parse(readFileSync(join(clone, file), "utf8")) as never;
  writeFileSync(
    join(user, "package.json"),
    JSON.stringify({ name: "user", private: true, dependencies: { hotwash: `file:${tarball}` } }),
  );
  writeFileSync(
    join(user, "package-lock.json"),
    JSON.stringify({
      name: "user",
      requires: true,
      ...lockForTarball(tarball, json("package.json"), json("package-lock.json"), registry),
    }),
  );
  const installed = await sh(user, "npm", ["ci", "--offline", "--no-audit", "--no-fund"]);
  if (installed.code !== 0) {
    const hint = /ENOTCACHED/.test(installed.stderr)
      ? "A package is missing from npm's cache (this test never uses the network): run `npm ci` first.\n"
      : "";
    throw new Error(`${hint}npm install of the tarball failed:\n${installed.stderr}`);
  }
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const hotwash = (args: string[], timeout?: number) =>
  sh(user, "npx", ["--no-install", "hotwash", ...args], timeout);

describe("the packed npm package", () => {
  it("ships the built CLI and App, the templates and the docs, and no tests or sources", () => {
    expect(listing).toEqual(
      expect.arrayContaining([
        "package/dist/cli/main.js",
        "package/dist/app/index.js",
        "package/templates/postmortem.md",
        "package/templates/hotwash.example.yml",
        "package/app.yml",
        "package/README.md",
        "package/LICENSE",
      ]),
    );
    expect(listing.filter((f) => /^package\/(src|test)\/|\.map$|\.test\./.test(f))).toEqual([]);
  });

  it("installs an executable `hotwash` that prints its usage", async () => {
    const main = join(user, "node_modules/hotwash/dist/cli/main.js");
    expect(statSync(main).mode & 0o111).not.toBe(0);
    const help = await hotwash(["--help"]);
    expect(help.stderr).toBe("");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hotwash <command>/);
    expect(help.stdout).toContain("validate-config");
  });

  it("exports the Probot app for `probot run` and custom servers", async () => {
    const probe = await sh(user, process.execPath, [
      "--input-type=module",
      "-e",
      'const m = await import("hotwash"); console.log(typeof m.default, typeof m.createHotwash);',
    ]);
    expect(probe.stderr).toBe("");
    expect(probe.stdout.trim()).toBe("function function");
  });

  it("validates a three-line config that pages a team on sev1", async () => {
    writeFileSync(join(user, "hotwash.yml"), 'severities:\n  sev1:\n    escalate: ["@acme/oncall"]\n');
    const result = await hotwash(["validate-config", "hotwash.yml"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("hotwash.yml: valid.");
    expect(result.code).toBe(0);
  });

  it("plays the demo to a merged post-mortem, and says it did not validate against OpenAPI", async () => {
    const demo = await hotwash(["demo"], 90_000);
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("labels: incident, sev1, status:resolved");
    expect(demo.stdout).toMatch(/Opened the post-mortem pull request \[#\d+\]/);
    expect(demo.stdout).toMatch(/alice merged the post-mortem pull request #\d+/);
    // @octokit/openapi is a development dependency: an installed package cannot validate.
    expect(demo.stdout).not.toContain("validated against GitHub's OpenAPI description");
    expect(demo.stdout).toContain("not checked against GitHub's OpenAPI description");
  }, 120_000);
});
