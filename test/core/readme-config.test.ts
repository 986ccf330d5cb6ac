import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/core/config/json-schema.js";

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
}

/** Every settable leaf key of the config, with map keys written as `<key>` (as the README does). */
function leafKeys(node: SchemaNode, path: string): string[] {
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const),
    ...(typeof node.additionalProperties === "object"
      ? [[`${path}.<key>`, node.additionalProperties] as const]
      : []),
  ];
  const nested = (node.anyOf ?? []).flatMap((alt) => leafKeys(alt, path));
  if (!children.length) return nested.length ? nested : [path];
  return [...children.flatMap(([p, child]) => leafKeys(child, p)), ...nested];
}

describe("README configuration reference", () => {
  it("documents every configuration key users can set", () => {
    // The README names map keys `<key>` or `<name>` (severities.<key>, services.<name>).
    const readme = readFileSync("README.md", "utf8").replaceAll("<name>", "<key>");
    const keys = [...new Set(leafKeys(configJsonSchema() as SchemaNode, ""))].filter(Boolean);
    expect(keys.length).toBeGreaterThan(30);
    const missing = keys.filter((key) => !readme.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
