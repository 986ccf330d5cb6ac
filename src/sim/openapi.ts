/**
 * Validation against GitHub's OpenAPI description (`@octokit/openapi`, api.github.com.json).
 *
 * The description is parsed once per process. Component schemas are converted (OpenAPI 3.0
 * `nullable` → JSON Schema) and added to Ajv only when an operation that uses them is first
 * validated, and each operation's validators are compiled on first use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import { compareTemplates, compileTemplate, type CompiledTemplate, matchTemplate } from "./route-match.js";
import { isRecord } from "./util.js";

type Json = Record<string, unknown>;

interface Spec {
  paths: Record<string, Record<string, Json>>;
  components: Record<string, Record<string, Json>>;
}

const SCHEMA_BASE = "https://openapi.sim/schemas/";
const DROP = new Set([
  "example",
  "examples",
  "description",
  "title",
  "externalDocs",
  "xml",
  "readOnly",
  "writeOnly",
  "deprecated",
  "discriminator",
]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_ONE = new Set(["items", "additionalProperties", "not"]);

/**
 * Request body properties GitHub accepts (and ignores) but the description does not declare.
 * Unknown top-level body properties are otherwise reported, to catch misspelt parameters.
 */
const EXTRA_BODY_PROPERTIES: Record<string, string[]> = {
  // octokit-plugin-create-pull-request v6 sends the create options (head, draft) when updating.
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": ["head", "draft"],
};

/**
 * Response schemas where the description disagrees with what GitHub returns, keyed by
 * `METHOD template status`; the value is used instead of the documented schema.
 */
const RESPONSE_OVERRIDES: Record<string, Json> = {
  // The inline item schema declares `account` as allOf [simple-user, enterprise] (an account that is
  // both a user and an enterprise); GitHub returns one of them, as `installation` (anyOf) says.
  "GET /app/installations 200": { type: "array", items: { $ref: "#/components/schemas/installation" } },
};

export interface OpenApiTimings {
  /** Reading and parsing the description. */
  loadMs: number;
  /** Time spent converting and compiling schemas so far. */
  compileMs: number;
}

const timings: OpenApiTimings = { loadMs: 0, compileMs: 0 };

export function openApiTimings(): OpenApiTimings {
  return { ...timings };
}

function formatErrors(errors: ErrorObject[] | null | undefined, dataVar: string): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const extra =
        e.keyword === "enum" ||
        e.keyword === "required" ||
        e.keyword === "additionalProperties" ||
        e.keyword === "type"
          ? ` ${JSON.stringify(e.params)}`
          : "";
      return `${dataVar}${e.instancePath} ${e.message ?? e.keyword}${extra}`;
    })
    .join("; ");
}

export class OpenApi {
  private readonly ajv: Ajv;
  private readonly added = new Set<string>();
  private readonly validators = new Map<string, ValidateFunction>();
  private templates: CompiledTemplate[] | undefined;

  constructor(private readonly spec: Spec) {
    this.ajv = new Ajv({
      inlineRefs: false,
      code: { optimize: false },
      strict: false,
      allErrors: false,
      validateSchema: false,
      logger: false,
    });
    const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
      addFormatsImport) as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.ajv);
    for (const f of [
      "int32",
      "int64",
      "double",
      "float",
      "binary",
      "repo.nwo",
      "timestamp",
      "uri-template",
      "byte",
    ]) {
      if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
    }
  }

  operation(method: string, template: string): Json | undefined {
    return this.spec.paths[template]?.[method.toLowerCase()];
  }

  /** The description's path template for a path (any method), and the methods it documents. */
  findTemplate(parts: string[]): { template: string; methods: string[] } | undefined {
    if (!this.templates) {
      this.templates = Object.keys(this.spec.paths).map(compileTemplate).sort(compareTemplates);
    }
    for (const t of this.templates) {
      if (matchTemplate(t, parts)) {
        const item = this.spec.paths[t.template] ?? {};
        return { template: t.template, methods: Object.keys(item).map((m) => m.toUpperCase()) };
      }
    }
    return undefined;
  }

  private deref(node: unknown): Json | undefined {
    if (!isRecord(node)) return undefined;
    const ref = node["$ref"];
    if (typeof ref !== "string") return node;
    const [, , kind, name] = ref.split("/");
    return kind && name ? this.spec.components[kind]?.[name] : undefined;
  }

  private convert(node: unknown, refs: Set<string>): unknown {
    if (!isRecord(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROP.has(key) || key.startsWith("x-")) continue;
      if (key === "$ref" && typeof value === "string") {
        const name = value.replace("#/components/schemas/", "");
        refs.add(name);
        out["$ref"] = SCHEMA_BASE + encodeURIComponent(name);
      } else if (SCHEMA_MAPS.has(key) && isRecord(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.convert(v, refs)]));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((v) => this.convert(v, refs));
      } else if (SCHEMA_ONE.has(key) && isRecord(value)) {
        out[key] = this.convert(value, refs);
      } else {
        out[key] = value;
      }
    }
    const nullable = out["nullable"] === true;
    delete out["nullable"];
    if (!nullable) return out;
    if (typeof out["type"] === "string") {
      out["type"] = [out["type"], "null"];
      if (Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }

  /** Convert a schema and register every component schema it reaches. */
  private prepare(schema: unknown): unknown {
    const refs = new Set<string>();
    const converted = this.convert(schema, refs);
    const queue = [...refs];
    while (queue.length > 0) {
      const name = queue.pop();
      if (name === undefined || this.added.has(name)) continue;
      this.added.add(name);
      const more = new Set<string>();
      const component = this.convert(this.spec.components["schemas"]?.[name] ?? {}, more);
      this.ajv.addSchema({ ...(component as Json), $id: SCHEMA_BASE + encodeURIComponent(name) });
      queue.push(...more);
    }
    return converted;
  }

  private validator(key: string, schema: () => unknown): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      const start = performance.now();
      v = this.ajv.compile(this.prepare(schema()) as Json);
      timings.compileMs += performance.now() - start;
      this.validators.set(key, v);
    }
    return v;
  }

  /** Problems with a request: parameters and JSON body. */
  checkRequest(
    method: string,
    template: string,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): string[] {
    const op = this.operation(method, template);
    if (!op) return [`${method} ${template} is not in GitHub's OpenAPI description`];
    const problems: string[] = [];
    const declared = new Set<string>();
    for (const raw of Array.isArray(op["parameters"]) ? op["parameters"] : []) {
      const p = this.deref(raw);
      if (!p || typeof p["name"] !== "string") continue;
      const name = p["name"];
      const schema = this.deref(p["schema"]) ?? {};
      if (p["in"] === "query") {
        declared.add(name);
        const value = query.get(name);
        if (value === null) {
          if (p["required"] === true) problems.push(`missing required query parameter "${name}"`);
          continue;
        }
        const problem = checkScalar(schema, value);
        if (problem) problems.push(`query parameter "${name}" ${problem}`);
      } else if (p["in"] === "path") {
        const value = params[name];
        const problem = value === undefined ? "is missing" : checkScalar(schema, value);
        if (problem) problems.push(`path parameter "${name}" ${problem}`);
      }
    }
    for (const name of new Set(query.keys())) {
      if (!declared.has(name)) problems.push(`unknown query parameter "${name}"`);
    }
    const requestBody = this.deref(op["requestBody"]);
    const content = isRecord(requestBody?.["content"]) ? requestBody["content"] : undefined;
    const media = content && this.deref(content["application/json"]);
    const present = body !== undefined && body !== null && body !== "";
    if (!media) {
      if (present) problems.push(`${method} ${template} takes no request body`);
      return problems;
    }
    if (!present) {
      if (requestBody?.["required"] === true) problems.push("missing required request body");
      return problems;
    }
    const schema = this.deref(media["schema"]);
    const v = this.validator(`${method} ${template} request`, () => schema);
    if (!v(body)) problems.push(`request body does not match: ${formatErrors(v.errors, "body")}`);
    if (
      schema &&
      isRecord(schema["properties"]) &&
      schema["additionalProperties"] === undefined &&
      isRecord(body)
    ) {
      const allowed = new Set([
        ...Object.keys(schema["properties"]),
        ...(EXTRA_BODY_PROPERTIES[`${method} ${template}`] ?? []),
      ]);
      const unknown = Object.keys(body).filter((k) => !allowed.has(k));
      if (unknown.length > 0)
        problems.push(`request body has undocumented properties: ${unknown.join(", ")}`);
    }
    return problems;
  }

  /** Problems with a response body for the given status. `json` is false for raw media types. */
  checkResponse(method: string, template: string, status: number, body: unknown, json: boolean): string[] {
    const op = this.operation(method, template);
    if (!op) return [];
    const responses = isRecord(op["responses"]) ? op["responses"] : {};
    const response = this.deref(responses[String(status)]);
    const hasBody = body !== undefined && body !== null && body !== "";
    if (!response) {
      if (status >= 400) {
        return isRecord(body) && typeof body["message"] === "string"
          ? []
          : [`undocumented ${status} response must carry a GitHub error body ({ message })`];
      }
      if (status >= 300) return [];
      return [`status ${status} is not documented for ${method} ${template}`];
    }
    const content = isRecord(response["content"]) ? response["content"] : undefined;
    if (!content) {
      return hasBody && status < 400 ? [`${method} ${template} documents no body for ${status}`] : [];
    }
    if (!json) return [];
    const media = this.deref(content["application/json"]);
    if (!media) return [];
    const key = `${method} ${template} ${status}`;
    const override = RESPONSE_OVERRIDES[key];
    const v = this.validator(key, () => override ?? this.deref(media["schema"]));
    return v(body) ? [] : [`response ${status} does not match: ${formatErrors(v.errors, "response")}`];
  }
}

/** Check a path or query value (a string) against a scalar parameter schema. */
function checkScalar(schema: Json, value: string): string | undefined {
  const type = schema["type"];
  let typed: unknown = value;
  if (type === "integer") {
    if (!/^-?\d+$/.test(value)) return `must be an integer (got "${value}")`;
    typed = Number(value);
  } else if (type === "number") {
    if (value.trim() === "" || Number.isNaN(Number(value))) return `must be a number (got "${value}")`;
    typed = Number(value);
  } else if (type === "boolean") {
    if (value !== "true" && value !== "false") return `must be a boolean (got "${value}")`;
    typed = value === "true";
  }
  if (Array.isArray(schema["enum"]) && !schema["enum"].includes(typed)) {
    return `must be one of ${JSON.stringify(schema["enum"])} (got "${value}")`;
  }
  if (schema["format"] === "date-time" && Number.isNaN(Date.parse(value))) {
    return `must be an ISO 8601 timestamp (got "${value}")`;
  }
  return undefined;
}

let shared: OpenApi | undefined;

/** The process-wide validator (parses the description on first use). */
export function openApi(): OpenApi {
  if (!shared) {
    const start = performance.now();
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    shared = new OpenApi(JSON.parse(readFileSync(file, "utf8")) as Spec);
    timings.loadMs = performance.now() - start;
  }
  return shared;
}
