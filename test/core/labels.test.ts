import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "../../src/core/config/parse.js";
import { labelCatalogue } from "../../src/core/incident/labels.js";

describe("the label catalogue", () => {
  it("names every label Hotwash sets, each with a colour and a description GitHub accepts", () => {
    const labels = labelCatalogue(DEFAULT_CONFIG);
    expect(labels.map((l) => l.name)).toEqual([
      "incident",
      "sev1",
      "sev2",
      "sev3",
      "sev4",
      "status:investigating",
      "status:identified",
      "status:monitoring",
      "status:resolved",
      "drill",
      "action-item",
      "postmortem",
    ]);
    for (const label of labels) {
      expect(label.color, label.name).toMatch(/^[0-9a-f]{6}$/);
      expect(label.color, label.name).not.toBe("ededed");
      expect(label.description.length, label.name).toBeGreaterThan(0);
      expect(label.description.length, label.name).toBeLessThanOrEqual(100);
    }
    // The most severe level stands out from the least.
    const color = (name: string) => labels.find((l) => l.name === name)?.color;
    expect(color("sev1")).not.toBe(color("sev4"));
  });

  it("follows the configured names and severities, listing a name used twice once", () => {
    const parsed = parseConfig({
      labels: { incident: "outage", statusPrefix: "state/", drill: "P1" },
      severities: { p1: { name: "Page now", description: "x".repeat(200) }, p2: { name: "Next day" } },
    });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    const labels = labelCatalogue(parsed.config);
    expect(labels.map((l) => l.name)).toEqual([
      "outage",
      "p1",
      "p2",
      "state/investigating",
      "state/identified",
      "state/monitoring",
      "state/resolved",
      "action-item",
      "postmortem",
    ]);
    expect(labels.find((l) => l.name === "p1")?.description).toHaveLength(100);
  });
});
