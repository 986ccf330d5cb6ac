import { describe, expect, it } from "vitest";
import { issuesReopened } from "../support/webhooks.js";
import { harness, REPO, type Harness } from "./harness.js";

async function incidentWithAction(h: Harness): Promise<number> {
  await h.resolvedIncident();
  await h.comment(1, "/action Add connection-pool alerts @carol due:2024-06-15", "bob");
  const item = h.actionItemIssues()[0];
  return Number(item?.["number"]);
}

describe("/action", () => {
  it("creates a labelled, assigned issue at once, as a sub-issue of the incident, and the board counts it", async () => {
    const h = await harness();
    const number = await incidentWithAction(h);

    const issue = h.sim.issue(REPO, number);
    expect(issue["title"]).toBe("Add connection-pool alerts");
    expect(h.sim.issueLabels(REPO, number)).toEqual(["action-item"]);
    expect(h.sim.issueAssignees(REPO, number)).toEqual(["carol"]);
    const body = String(issue["body"]);
    expect(body).toContain("<!-- hotwash:action-item incident=1 -->");
    expect(body).toContain("Action item from incident #1.");
    expect(body).toContain("| **Due** | 2024-06-15 |");
    expect(body).toContain("| **Priority** | P2 |");
    expect(body).not.toMatch(/(^|[^\w`])@carol/);
    // Sub-issue by id, not number.
    expect(h.sim.subIssues(REPO, 1)).toEqual([number]);

    expect(h.board(1)).toContain("### Action items (0/1 done)");
    expect(h.lastReply(1)).toContain(`📌 Action item created:\n- [#${number}]`);
  });

  it("keeps the issue when the server has no sub-issues, and says so", async () => {
    const h = await harness();
    await h.resolvedIncident();
    h.sim.failNext({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
      status: 404,
    });
    await h.comment(1, "/action Canary deploys", "bob");
    expect(h.actionItemIssues()).toHaveLength(1);
    expect(h.sim.subIssues(REPO, 1)).toEqual([]);
    expect(h.board(1)).toContain("### Action items (0/1 done)");
    expect(h.lastReply(1)).toContain("could not be added as a sub-issue of #1 (404: Not Found)");
  });

  it("ticks the item off when a person closes its issue, and closes the resolved incident after the last one", async () => {
    const h = await harness();
    const first = await incidentWithAction(h);
    await h.comment(1, "/action Canary deploys for api", "bob");
    const second = Number(h.actionItemIssues()[1]?.["number"]);

    h.advance(60);
    await h.close(first, "carol");
    expect(h.board(1)).toContain("### Action items (1/2 done)");
    expect(h.board(1)).toContain(`Action item #${first} done`);
    expect(h.sim.issue(REPO, 1)["state"]).toBe("open");

    // A reopened item is open again on the board; closing it again counts once.
    await h.deliver(
      "issues",
      issuesReopened({ issue: h.sim.reopenIssue(REPO, first, "carol"), sender: h.sim.user("carol") }),
    );
    expect(h.board(1)).toContain("### Action items (0/2 done)");
    expect(h.board(1)).toContain(`Action item #${first} reopened`);
    await h.close(first, "carol");
    expect(h.board(1)).toContain("### Action items (1/2 done)");

    await h.close(second, "bob");
    const board = h.board(1);
    expect(board).toContain("### Action items (2/2 done)");
    expect(board).toContain(`All 2 action items are done (the last was #${second}).`);
    expect(h.sim.issue(REPO, 1)).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(board).toContain("(issue closed)");
    expect(h.lastReply(1)).toContain("The incident was resolved, so Hotwash closed it.");
  });

  it("leaves an unresolved incident open when its last action item closes", async () => {
    const h = await harness();
    h.sim.createIssue(REPO, { title: "Slow search", as: "alice" });
    await h.comment(1, "/incident sev2 Slow search", "alice");
    await h.comment(1, "/action Add a search index @bob", "alice");
    const item = Number(h.actionItemIssues()[0]?.["number"]);
    await h.close(item, "bob");
    expect(h.board(1)).toContain("### Action items (1/1 done)");
    expect(h.sim.issue(REPO, 1)["state"]).toBe("open");
  });

  it("does not close the incident when closeIncidentWhenDone is off", async () => {
    const h = await harness();
    h.sim.setFile(REPO, ".github/hotwash.yml", "actionItems:\n  closeIncidentWhenDone: false\n");
    const item = await incidentWithAction(h);
    await h.close(item, "carol");
    expect(h.board(1)).toContain("### Action items (1/1 done)");
    expect(h.sim.issue(REPO, 1)["state"]).toBe("open");
  });

  it("ignores a look-alike issue the incident never recorded", async () => {
    const h = await harness();
    await h.resolvedIncident();
    h.sim.createIssue(REPO, {
      title: "Fake item",
      body: "<!-- hotwash:action-item incident=1 -->",
      labels: ["action-item"],
      as: "dave",
    });
    const outcome = await h.close(2, "dave");
    expect(outcome).toMatchObject({ kind: "ignored" });
    expect(h.sim.issue(REPO, 1)["state"]).toBe("open");
  });
});
