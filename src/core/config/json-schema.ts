import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * JSON Schema for `.github/hotwash.yml`, for editor completion and validation. Generated from the
 * zod schema describing what people write (`io: "input"`: durations are strings, defaults optional),
 * so it cannot drift; `templates/hotwash.schema.json` is this, committed (a test keeps it current).
 */
export function configJsonSchema(): object {
  const schema = z.toJSONSchema(configSchema, { io: "input" });
  return {
    $schema: schema.$schema,
    title: "Hotwash configuration",
    description:
      "Configuration for Hotwash incident response, read from .github/hotwash.yml. Every key is optional.",
    ...schema,
  };
}
