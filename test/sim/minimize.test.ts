import { describe, expect, test } from "vitest";
import { testOctokit } from "../support/octokit.js";
import { createSim, interceptWithNock } from "../support/sim.js";

const MINIMIZE = `mutation($id: ID!, $classifier: ReportedContentClassifiers!) {
  minimizeComment(input: { subjectId: $id, classifier: $classifier }) {
    minimizedComment { isMinimized minimizedReason }
  }
}`;
const NODE = "query($id: ID!) { node(id: $id) { ... on IssueComment { isMinimized minimizedReason } } }";

function setup() {
  const sim = createSim();
  sim.createRepo("acme/api");
  sim.createIssue("acme/api", { title: "API down", as: "alice" });
  const comment = sim.createComment("acme/api", 1, "old news", sim.botLogin);
  interceptWithNock(sim);
  return { sim, octokit: testOctokit(), id: comment.node_id };
}

describe("GraphQL minimizeComment", () => {
  test("hides a comment, as GitHub reports it back", async () => {
    const { octokit, id } = setup();
    const before = await octokit.graphql<{ node: unknown }>(NODE, { id });
    expect(before.node).toEqual({ isMinimized: false, minimizedReason: null });
    const result = await octokit.graphql(MINIMIZE, { id, classifier: "OFF_TOPIC" });
    expect(result).toEqual({
      minimizeComment: { minimizedComment: { isMinimized: true, minimizedReason: "off-topic" } },
    });
    expect((await octokit.graphql<{ node: unknown }>(NODE, { id })).node).toEqual({
      isMinimized: true,
      minimizedReason: "off-topic",
    });
  });

  test("answers NOT_FOUND for an id that is no comment", async () => {
    const { octokit } = setup();
    await expect(octokit.graphql(MINIMIZE, { id: "MDQ6VXNlcjE=", classifier: "OUTDATED" })).rejects.toThrow(
      /Could not resolve to a node/,
    );
  });

  test("records a classifier GitHub does not have as a violation", async () => {
    const { sim, octokit, id } = setup();
    await expect(octokit.graphql(MINIMIZE, { id, classifier: "BORING" })).rejects.toThrow();
    expect(sim.violations.map((v) => v.message)).toEqual(["GraphQL query not implemented"]);
    sim.violations.length = 0;
  });
});
