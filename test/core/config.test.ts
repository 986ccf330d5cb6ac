import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { configJsonSchema } from "../../src/core/config/json-schema.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import { postmortemRequiredFor } from "../../src/core/config/schema.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const EXAMPLE_PATH = new URL("../../templates/hotwash.example.yml", import.meta.url);
const SCHEMA_PATH = new URL("../../templates/hotwash.schema.json", import.meta.url);
const APP_YML_PATH = new URL("../../app.yml", import.meta.url);
const example: unknown = parseYaml(readFileSync(EXAMPLE_PATH, "utf8"));

function problemsOf(raw: unknown): string[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.problems;
}

describe("default config", () => {
  it.each([
    ["sev1", 15 * MIN, 1 * HOUR, 30 * MIN],
    ["sev2", 30 * MIN, 4 * HOUR, 60 * MIN],
    ["sev3", 2 * HOUR, 24 * HOUR, 4 * HOUR],
    ["sev4", 24 * HOUR, 7 * 24 * HOUR, null],
  ])("%s matches the README's severity table", (key, acknowledge, resolve, update) => {
    expect(DEFAULT_CONFIG.severities[key]).toMatchObject({
      acknowledgeWithin: acknowledge,
      resolveWithin: resolve,
      updateEvery: update,
    });
  });

  it("orders severities most severe first and uses the documented labels and roles", () => {
    expect(Object.keys(DEFAULT_CONFIG.severities)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    expect(DEFAULT_CONFIG.labels).toEqual({
      incident: "incident",
      drill: "drill",
      statusPrefix: "status:",
      actionItem: "action-item",
      postmortem: "postmortem",
    });
    expect(DEFAULT_CONFIG.roles).toEqual(["comms", "tech-lead", "scribe"]);
  });

  it("has the documented workflow, post-mortem and text defaults", () => {
    expect(DEFAULT_CONFIG.timezone).toBe("UTC");
    expect(DEFAULT_CONFIG.services).toEqual({});
    expect(DEFAULT_CONFIG.workflows.diagnose).toEqual({ workflow: "hotwash-diagnose.yml", ref: null });
    expect(DEFAULT_CONFIG.workflows.rollback).toEqual({ workflow: "hotwash-rollback.yml", ref: null });
    expect(DEFAULT_CONFIG.postmortem.dueWithin).toBe(48 * HOUR);
    expect(postmortemRequiredFor(DEFAULT_CONFIG)).toEqual(["sev1", "sev2"]);
    // Custom severities need no requiredFor of their own: the two most severe owe post-mortems.
    const custom = parseConfig({
      severities: { p1: { name: "Page" }, p2: { name: "Soon" }, p3: { name: "Later" } },
    });
    expect(custom.ok && postmortemRequiredFor(custom.config)).toEqual(["p1", "p2"]);
    expect(DEFAULT_CONFIG.maxTextLength).toBe(1000);
  });

  it("treats an empty file as the defaults", () => {
    expect(parseConfig(null)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });
});

describe("severities: a file naming only sev1–sev4 changes just the fields it names", () => {
  const severities = (raw: unknown) => {
    const result = parseConfig(raw);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    return result.config.severities;
  };

  it("pages a team on sev1 in three lines and keeps every other default", () => {
    const config = severities(parseYaml("severities:\n  sev1:\n    escalate: ['@acme/oncall']\n"));
    expect(Object.keys(config)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    expect(config["sev1"]).toEqual({ ...DEFAULT_CONFIG.severities["sev1"], escalate: ["@acme/oncall"] });
    for (const key of ["sev2", "sev3", "sev4"]) expect(config[key]).toEqual(DEFAULT_CONFIG.severities[key]);
  });

  it("changes the named fields of several levels, keeping the default order", () => {
    const config = severities({
      severities: {
        sev3: { updateEvery: null, checklist: ["Owner assigned"] },
        sev1: { resolveWithin: "2h" },
      },
    });
    expect(Object.keys(config)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    expect(config["sev1"]).toMatchObject({
      name: "Critical",
      acknowledgeWithin: 15 * MIN,
      resolveWithin: 2 * HOUR,
    });
    expect(config["sev3"]).toMatchObject({
      name: "Medium",
      updateEvery: null,
      checklist: ["Owner assigned"],
    });
  });

  it("drops a default level written with no value", () => {
    const config = severities(parseYaml("severities:\n  sev4:\n"));
    expect(Object.keys(config)).toEqual(["sev1", "sev2", "sev3"]);
  });

  it("treats an empty map as no change", () => {
    expect(severities({ severities: {} })).toEqual(DEFAULT_CONFIG.severities);
  });

  it("replaces the defaults with a ladder of new keys, filling unnamed fields", () => {
    const config = severities({
      severities: { p1: { name: "Page", updateEvery: "15m" }, p2: { name: "Soon" } },
    });
    expect(Object.keys(config)).toEqual(["p1", "p2"]);
    expect(config["p2"]).toEqual({
      name: "Soon",
      description: "",
      acknowledgeWithin: null,
      resolveWithin: null,
      updateEvery: null,
      escalate: [],
      checklist: [],
    });
  });

  it("says why a name is needed when a new key makes the file the whole ladder", () => {
    const problems = problemsOf({
      severities: { sev1: { escalate: ["@acme/oncall"] }, p0: { name: "Apocalypse" } },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("`severities.sev1.name`");
    expect(problems[0]).toContain("`p0`");
    expect(problemsOf({ severities: { p1: { updateEvery: "15m" } } })[0]).toContain("`severities.p1.name`");
  });

  it("is accepted by the JSON schema in its short form", () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    expect(validate({ severities: { sev1: { escalate: ["@acme/oncall"] }, sev4: null } })).toBe(true);
  });
});

describe("templates/hotwash.example.yml", () => {
  it("validates", () => {
    const result = parseConfig(example);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("writes out the four default severities (escalation contacts aside)", () => {
    const result = parseConfig(example);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const withoutEscalate = (severities: typeof DEFAULT_CONFIG.severities) =>
      Object.fromEntries(Object.entries(severities).map(([key, { escalate: _, ...rest }]) => [key, rest]));
    expect(withoutEscalate(result.config.severities)).toEqual(withoutEscalate(DEFAULT_CONFIG.severities));
  });

  it("sets every config key, so it documents all of them", () => {
    const missing = missingKeys(configJsonSchema() as JsonSchema, example, "");
    expect(missing.filter((key) => key !== "_extends")).toEqual([]);
  });

  it("validates against the JSON schema", () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it("points editors at the schema by a URL that works wherever the file is copied", () => {
    // The project's repository (app.yml `url`), its main branch, the committed schema.
    const project = /^url: https:\/\/github\.com\/(\S+)$/m.exec(readFileSync(APP_YML_PATH, "utf8"))?.[1];
    expect(project).toBeTruthy();
    expect(readFileSync(EXAMPLE_PATH, "utf8").split("\n")[0]).toBe(
      `# yaml-language-server: $schema=https://raw.githubusercontent.com/${project}/main/templates/hotwash.schema.json`,
    );
  });

  it("shows `_extends` without setting it (a copied file must not depend on another repository)", () => {
    expect(readFileSync(EXAMPLE_PATH, "utf8")).toMatch(/^# _extends: \S+/m);
  });
});

describe("config problems", () => {
  it.each<[string, unknown, string]>([
    [
      "a bad duration",
      { severities: { sev1: { name: "X", acknowledgeWithin: "soon" } }, postmortem: { requiredFor: [] } },
      "`severities.sev1.acknowledgeWithin`: must be a duration",
    ],
    [
      "a bad severity key",
      { severities: { "Sev 1": { name: "X" } }, postmortem: { requiredFor: [] } },
      "`severities.Sev 1`",
    ],
    [
      "no severities",
      { severities: { sev1: null, sev2: null, sev3: null, sev4: null }, postmortem: { requiredFor: [] } },
      "`severities`: at least one severity is needed",
    ],
    [
      "a bad permission",
      { commands: { rollback: { permission: "root" } } },
      "`commands.rollback.permission`",
    ],
    [
      "a bad team",
      { commands: { rollback: { teams: ["sre"] } } },
      '`commands.rollback.teams.0`: must be "org/team"',
    ],
    ["a bad time zone", { timezone: "Mars/Olympus" }, "`timezone`: must be an IANA time zone"],
    [
      "a bad workflow file",
      { services: { api: { diagnose: "diag.sh" } } },
      "`services.api.diagnose`: must be a workflow file name",
    ],
    ["a bad service name", { services: { "my api": {} } }, "`services.my api`"],
    ["a too small maxTextLength", { maxTextLength: 5 }, "`maxTextLength`"],
    [
      "an unknown post-mortem severity",
      { postmortem: { requiredFor: ["sev9"] } },
      "`postmortem.requiredFor`: unknown severity `sev9`",
    ],
  ])("%s names the key path", (_label, raw, problem) => {
    expect(problemsOf(raw).join("\n")).toContain(problem);
  });

  it("reports unknown keys at the top level and nested", () => {
    expect(problemsOf({ sevrities: {} })).toEqual(["unknown key `sevrities`"]);
    expect(problemsOf({ labels: { incidnet: "x" } })).toEqual(["labels: unknown key `incidnet`"]);
    expect(problemsOf({ services: { api: { env: "prod" } } })).toEqual(["services.api: unknown key `env`"]);
  });

  it("reports every problem at once", () => {
    expect(problemsOf({ timezone: "Nowhere", maxTextLength: 1, labels: { bogus: 1 } })).toHaveLength(3);
  });
});

describe("JSON schema", () => {
  it("is described and matches templates/hotwash.schema.json (regenerate it when this fails)", () => {
    const schema = configJsonSchema();
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "Hotwash configuration",
      type: "object",
    });
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  it("accepts `_extends`, as parseConfig does (the App merges the file it names first)", () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    const extending = {
      _extends: "acme/.github:hotwash.yml",
      severities: { sev1: { escalate: ["@acme/oncall"] } },
    };
    expect(validate(extending) ? [] : validate.errors).toEqual([]);
    expect(parseConfig(extending).ok).toBe(true);
    expect(validate({ _extends: 3 })).toBe(false);
    expect(problemsOf({ _extends: "not a repo!" }).join("\n")).toContain("`_extends`");
  });

  it("rejects what parseConfig rejects for the editor's sake", () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    expect(validate({ sevrities: {} })).toBe(false);
    expect(validate({ severities: { sev1: { name: "X", updateEvery: "soon" } } })).toBe(false);
    expect(validate({ commands: { rollback: { permission: "root" } } })).toBe(false);
  });
});

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  type?: string | string[];
}

/** Key paths the schema defines that `value` leaves out; `*` stands for any entry of a map. */
function missingKeys(schema: JsonSchema, value: unknown, path: string): string[] {
  if (!isRecord(value)) return [];
  const object = schema.anyOf?.find((option) => option.type === "object") ?? schema;
  const join = (key: string) => (path ? `${path}.${key}` : key);
  const missing: string[] = [];
  for (const [key, sub] of Object.entries(object.properties ?? {})) {
    if (key in value) missing.push(...missingKeys(sub, value[key], join(key)));
    else missing.push(join(key));
  }
  const additional = object.additionalProperties;
  // Map entries may be nullable (`sev4:` drops a default severity): check the object form.
  const entry =
    typeof additional === "object"
      ? (additional.anyOf?.find((o) => o.type === "object") ?? additional)
      : null;
  if (entry?.properties) {
    const entries = Object.values(value).filter(isRecord);
    for (const [key, sub] of Object.entries(entry.properties)) {
      const having = entries.filter((e) => key in e);
      if (!having.length) missing.push(join(`*.${key}`));
      for (const e of having) missing.push(...missingKeys(sub, e[key], join(`*.${key}`)));
    }
  }
  return [...new Set(missing)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
