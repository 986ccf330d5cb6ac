import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { validateConfigFile } from "../../src/cli/validate-config.js";

const dir = mkdtempSync(join(tmpdir(), "hotwash-config-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("hotwash validate-config", () => {
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  afterEach(() => {
    out.mockClear();
    err.mockClear();
  });

  it("accepts the documented example and says what it found", async () => {
    expect(await validateConfigFile("templates/hotwash.example.yml")).toBe(0);
    expect(String(out.mock.calls[0]?.[0])).toMatch(
      /valid\. Severities: sev1, sev2, sev3, sev4\. Services: api, web/,
    );
  });

  it("accepts `_extends` and says the file it names is not checked here", async () => {
    const path = file(
      "extends.yml",
      "_extends: acme/.github\nseverities:\n  sev1:\n    escalate: ['@acme/oncall']\n",
    );
    expect(await validateConfigFile(path)).toBe(0);
    const text = String(out.mock.calls[0]?.[0]);
    expect(text).toMatch(/valid\. Severities: sev1, sev2, sev3, sev4\./);
    expect(text).toContain("`_extends: acme/.github`");
  });

  it("names the key and the problem, exit 1", async () => {
    const path = file(
      "bad.yml",
      "severities:\n  sev1:\n    name: Critical\n    updateEvery: soon\nbogus: 1\n",
    );
    expect(await validateConfigFile(path)).toBe(1);
    const text = err.mock.calls.map((c) => String(c[0])).join("");
    expect(text).toContain("`severities.sev1.updateEvery`");
    expect(text).toContain("`bogus`");
  });

  it("refuses a catalog runbook that is not an http(s) URL", async () => {
    const path = file("runbook.yml", "services:\n  api:\n    runbook: javascript:alert(1)\n");
    expect(await validateConfigFile(path)).toBe(1);
    const text = err.mock.calls.map((c) => String(c[0])).join("");
    expect(text).toContain("`services.api.runbook`");
    expect(text).toContain('must be an http(s) URL like "https://example.com/runbook"');
  });

  it("reports YAML syntax errors and unreadable paths", async () => {
    expect(await validateConfigFile(file("broken.yml", "labels: [unclosed\n"))).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain("not valid YAML");
    expect(await validateConfigFile(join(dir, "missing.yml"))).toBe(2);
  });
});
