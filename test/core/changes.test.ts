import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { renderBoard } from "../../src/core/incident/board.js";
import type { IncidentEvent } from "../../src/core/incident/events.js";
import { emptyBoardData } from "../../src/core/incident/log.js";
import { parseEvents, parseState } from "../../src/core/incident/log-schema.js";
import { compactState, foldIncident } from "../../src/core/incident/state.js";

const t = (hm: string) => `2024-05-01T${hm}:00.000Z`;
const declared: IncidentEvent = {
  type: "declared",
  at: t("10:00"),
  actor: "alice",
  source: 1,
  title: "Checkout down",
  severity: "sev2",
  drill: false,
  commander: "alice",
};
const deployed = (
  statusId: number,
  service: string | null,
  state: string,
  at = t("10:10"),
): IncidentEvent => ({
  type: "deployment",
  at,
  actor: "hotwash[bot]",
  deploymentId: 7,
  statusId,
  service,
  environment: service === "web" ? "staging" : "production",
  ref: `v${statusId}`,
  sha: "abc1234def",
  state,
  creator: "bob",
  url: "https://ci.example.com/7",
});

function board(events: IncidentEvent[]): string {
  const data = { ...emptyBoardData(), events };
  return renderBoard({
    issueNumber: 1,
    state: foldIncident(events),
    data,
    config: DEFAULT_CONFIG,
    now: new Date(t("10:30")),
    repoUrl: "https://github.com/acme/shop",
  });
}

describe("failed deployments on the board", () => {
  it("alert only for the incident's affected services once it names them", () => {
    const services: IncidentEvent = { type: "services", at: t("10:01"), actor: "alice", services: ["api"] };
    const web = board([declared, services, deployed(1, "web", "failure")]);
    expect(web).not.toContain("[!WARNING]");
    expect(web).toContain("Deployed `web` `v1` (abc1234) to staging: ❌ failure");
    const api = board([declared, services, deployed(2, "api", "error")]);
    expect(api).toContain(
      "> **Deployment of `api` `v2` to `production` failed (error)** at 2024-05-01 10:10 UTC",
    );
  });

  it("are gone once the incident is resolved", () => {
    const resolved: IncidentEvent = {
      type: "status",
      at: t("10:20"),
      actor: "alice",
      source: 2,
      status: "resolved",
      message: null,
    };
    expect(board([declared, deployed(1, "api", "failure"), resolved])).not.toContain("[!WARNING]");
  });
});

describe("the log holds changes strictly", () => {
  it("accepts what Hotwash writes and refuses markup in a ref", () => {
    expect(parseEvents([declared, deployed(1, "api", "success")])).not.toBeNull();
    expect(parseEvents([{ ...deployed(1, "api", "success"), ref: "v1`<img>`" }])).toBeNull();
    expect(parseEvents([{ ...deployed(1, "api", "success"), extra: 1 }])).toBeNull();
  });

  it("keeps the compacted state bounded: recent change keys, one failure per service and environment", () => {
    const many = Array.from({ length: 500 }, (_, i) => deployed(i + 1, `svc${i}`, "failure"));
    const state = compactState(foldIncident([declared, ...many]));
    expect(state.changes).toHaveLength(200);
    expect(state.changes.at(-1)).toBe("deployment:500");
    expect(state.failedDeployments).toHaveLength(20);
    expect(parseState(state)).not.toBeNull();
    const again = foldIncident([declared, deployed(1, "api", "failure"), deployed(2, "api", "failure")]);
    expect(again.failedDeployments.map((f) => f.ref)).toEqual(["v2"]);
  });
});
