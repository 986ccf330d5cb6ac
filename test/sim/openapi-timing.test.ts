import { expect, test } from "vitest";
import { GitHubSim } from "../../src/sim/index.js";
import { openApiTimings } from "../../src/sim/openapi.js";

// Its own file so the OpenAPI description is not loaded yet (each test file runs in a fresh worker).
test("the first validated request costs well under a second (lazy load, per-operation compile)", async () => {
  const sim = new GitHubSim({ validate: true });
  sim.createRepo("acme/api");
  const start = performance.now();
  const res = await sim.handle({
    method: "POST",
    url: "/repos/acme/api/issues",
    headers: { authorization: "token t" },
    body: { title: "t", labels: ["incident"] },
  });
  const ms = performance.now() - start;
  expect(res.status).toBe(201);
  expect(sim.violations).toEqual([]);
  const { loadMs, compileMs } = openApiTimings();
  console.info(
    `first OpenAPI validation: ${ms.toFixed(0)} ms (parse ${loadMs.toFixed(0)} ms, compile ${compileMs.toFixed(0)} ms)`,
  );
  expect(ms).toBeLessThan(1000);
});
