import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "action/dist", "node_modules", "coverage"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The layering rule from DESIGN.md, enforced: core is pure; only src/github touches Octokit.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["octokit", "@octokit/*", "probot", "@actions/*"], message: "src/core is pure." },
            { group: ["node:*", "fs", "path", "process"], message: "src/core does no I/O." },
            {
              group: ["../services/*", "../github/*", "../app/*", "../action/*", "../cli/*", "../../*"],
              message: "core imports only core.",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", "process", "fetch"],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "Pass time in." }],
    },
  },
  {
    files: ["src/services/**/*.ts", "src/app/**/*.ts", "src/action/**/*.ts", "src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@octokit/*", "octokit"], message: "Only src/github calls Octokit." }] },
      ],
    },
  },
);
