// Bundles the Action into action/dist/index.js (committed; CI fails when it is stale).
import { build } from "esbuild";
import { readFile, rm, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { cwd } from "node:process";
import { pathToFileURL, URL } from "node:url";

/**
 * A runner has only action.yml and action/dist, and a bundle chunk's import.meta.url is not its
 * source's: every file the sources read next to themselves (`readFile(new URL(…, import.meta.url),
 * "utf8")`, e.g. the default post-mortem template) is inlined as text. Any other use of
 * import.meta.url in bundled sources fails the build rather than the user's run.
 */
const inlineOwnFiles = {
  name: "inline-own-files",
  setup(build) {
    const read = /readFile\(\s*new URL\(\s*"([^"]+)",\s*import\.meta\.url\s*\),\s*"utf8"\s*\)/g;
    build.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const inlined = [];
      for (const match of source.matchAll(read)) {
        const url = new URL(match[1], pathToFileURL(args.path));
        inlined.push([match[0], JSON.stringify(await readFile(url, "utf8"))]);
      }
      let contents = source;
      for (const [call, text] of inlined) contents = contents.replace(call, `Promise.resolve(${text})`);
      if (/import\.meta\.url/.test(contents)) {
        return {
          errors: [
            {
              text: `${relative(cwd(), args.path)} uses import.meta.url: the bundle cannot reach files beside its sources; read them with readFile(new URL("…", import.meta.url), "utf8") so they are inlined.`,
            },
          ],
        };
      }
      return { contents, loader: "ts" };
    });
  },
};

await rm("action/dist", { recursive: true, force: true });
await build({
  entryPoints: { index: "src/action/index.ts" },
  outdir: "action/dist",
  // Code only some events need (post-mortems, action items) loads on first use, from its own chunk.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [inlineOwnFiles],
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
await writeFile("action/dist/package.json", '{ "type": "module" }\n');
