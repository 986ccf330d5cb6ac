// Bundles the Action into action/dist/index.js (committed; CI fails when it is stale).
import { build } from "esbuild";
import { rm, writeFile } from "node:fs/promises";

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
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
await writeFile("action/dist/package.json", '{ "type": "module" }\n');
