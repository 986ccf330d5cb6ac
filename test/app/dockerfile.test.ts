/**
 * The Dockerfile's invariants, checked without Docker (this machine has none): what each stage
 * installs and copies, who runs the App, and that its health check and production dependencies
 * work with the built App.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { builtApp, freePort, startApp, stopApps } from "./built-app.js";

const ROOT = resolve(import.meta.dirname, "../..");

interface Instruction {
  op: string;
  args: string;
}

/** Instructions per stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): Instruction[][] {
  const lines = dockerfile.replace(/\\\n/g, " ").split("\n");
  const out: Instruction[][] = [];
  for (const line of lines.map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const [op = "", ...rest] = line.split(/\s+/);
    if (op.toUpperCase() === "FROM") out.push([]);
    out.at(-1)?.push({ op: op.toUpperCase(), args: rest.join(" ") });
  }
  return out;
}

/** .dockerignore patterns as regular expressions (`*` within a name, `!` re-includes). */
function ignored(path: string): boolean {
  let result = false;
  for (const raw of readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    const pattern = (negate ? line.slice(1) : line)
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*");
    if (new RegExp(`^${pattern}(/.*)?$`).test(path)) result = !negate;
  }
  return result;
}

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const all = stages(dockerfile);
const final = all.at(-1) ?? [];
const runs = (stage: Instruction[]) => stage.filter((i) => i.op === "RUN").map((i) => i.args);
const copies = (stage: Instruction[]) => stage.filter((i) => i.op === "COPY").map((i) => i.args);

describe("the Dockerfile", () => {
  it("builds in a stage of its own and ships production dependencies only, on node:24-slim", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage[0]?.args).toMatch(/^node:24-slim(\s|$)/);
    expect(runs(all[0] ?? []).join("\n")).toContain("npm run build");
    const installs = runs(final).filter((r) => r.includes("npm ci") || r.includes("npm install"));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain("npm ci --omit=dev");
  });

  it("copies the compiled App, its templates and app.yml into the final image", () => {
    expect(copies(final)).toEqual(
      expect.arrayContaining([
        "package.json package-lock.json ./",
        "--from=build /app/dist ./dist",
        "templates ./templates",
        "app.yml ./",
      ]),
    );
    // `docker build` fails on a source that is missing or left out of the build context.
    for (const stage of all)
      for (const args of copies(stage).filter((a) => !a.startsWith("--from"))) {
        for (const source of args.split(/\s+/).slice(0, -1)) {
          expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
          expect(ignored(source), `${source} is in the build context`).toBe(false);
        }
      }
    for (const secret of [".env", "key.pem", ".git"]) expect(ignored(secret), secret).toBe(true);
  });

  it("runs `npm start` as the unprivileged node user, listening beyond localhost", () => {
    const users = final.filter((i) => i.op === "USER").map((i) => i.args);
    expect(users.at(-1)).toBe("node");
    const cmd = final.findIndex((i) => i.op === "CMD");
    expect(final.findLastIndex((i) => i.op === "USER")).toBeLessThan(cmd);
    expect(JSON.parse(final[cmd]?.args ?? "null")).toEqual(["npm", "start"]);
    expect(final.find((i) => i.op === "ENV")?.args).toMatch(/\bHOST=0\.0\.0\.0\b/);
  });
});

describe("the image's run time, with the built App", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await builtApp();
  }, 180_000);
  afterEach(stopApps);

  it("has a HEALTHCHECK that passes while the App answers /ping and fails when it does not", async () => {
    const healthcheck = final.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
    const [command, ...args] = JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)) as string[];
    expect(command).toBe("node");
    const check = (port: number) =>
      spawnSync(command ?? "", args, { env: { ...process.env, PORT: String(port) }, timeout: 10_000 }).status;

    const app = await startApp(dir, {});
    expect(check(Number(new URL(app.url).port))).toBe(0);
    expect(check(await freePort())).toBe(1);
  }, 60_000);

  it("needs no devDependency: everything the App imports is a production dependency", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const { metafile } = await build({
      // npm start's entry, and the App it has Probot load (a dynamic import esbuild cannot follow).
      entryPoints: [join(dir, "dist/app/server.js"), join(dir, "dist/app/index.js")],
      outdir: join(dir, "unused"),
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
    });
    const packages = new Set(
      Object.values(metafile.inputs)
        .flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path))
        .filter((path) => !path.startsWith("node:") && !builtinModules.includes(path))
        .map((path) =>
          path
            .split("/")
            .slice(0, path.startsWith("@") ? 2 : 1)
            .join("/"),
        ),
    );
    expect(packages).toContain("probot");
    for (const name of packages) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });
});
