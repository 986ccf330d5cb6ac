import { readFileSync } from "node:fs";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config/parse.js";
import { foldIncident } from "../../src/core/incident/state.js";
import { readActionItems, splitDocument } from "../../src/core/postmortem/front-matter.js";
import {
  postmortemBranch,
  incidentOfBranch,
  postmortemPath,
  slugify,
} from "../../src/core/postmortem/path.js";
import { renderPostmortem, type PostmortemInput } from "../../src/core/postmortem/render.js";
import { ACTIVITY, OUTAGE, REPO_URL, t } from "./fixtures.js";

const TEMPLATE = {
  name: "Hotwash's default post-mortem template",
  text: readFileSync(new URL("../../templates/postmortem.md", import.meta.url), "utf8"),
};

function input(events = OUTAGE): PostmortemInput {
  return {
    issueNumber: 42,
    issueUrl: `${REPO_URL}/issues/42`,
    events,
    state: foldIncident(events),
    activity: ACTIVITY,
    config: DEFAULT_CONFIG,
    repoUrl: REPO_URL,
  };
}

function render(events = OUTAGE): string {
  const result = renderPostmortem(input(events), TEMPLATE);
  if (!result.ok) throw new Error(result.problem.message);
  return result.markdown;
}

describe("the default post-mortem template", () => {
  it("renders a realistic incident (snapshot)", async () => {
    await expect(render()).toMatchFileSnapshot("__snapshots__/checkout-outage.md");
  });

  it("puts what Hotwash knows in the front matter", () => {
    const { data } = matter(render());
    expect(data).toMatchObject({
      incident: 42,
      title: "Checkout API returns 500s",
      url: `${REPO_URL}/issues/42`,
      severity: "sev1",
      severity_name: "Critical",
      drill: false,
      status: "resolved",
      milestones: {
        declared: "2024-05-01T10:00:00.000Z",
        acknowledged: "2024-05-01T10:07:00.000Z",
        mitigated: "2024-05-01T10:40:00.000Z",
        resolved: "2024-05-01T11:10:00.000Z",
      },
      metrics: {
        mtta: { human: "7m", minutes: 7 },
        mttm: { human: "40m", minutes: 40 },
        mttr: { human: "1h 10m", minutes: 70 },
      },
      commander: "bob",
      participants: ["alice", "bob", "carol"],
      services: ["api"],
      // sev1: due 48h after resolution.
      postmortem_due: "2024-05-03T11:10:00.000Z",
      action_items: [
        { title: "Add connection-pool alerts", owner: "carol", due: "2024-05-15", priority: "P1", issue: 57 },
        { title: "Canary deploys for api", owner: null, due: null, priority: "P2", issue: 58 },
      ],
    });
  });

  it("orders the timeline by time, with the backdated sighting first and GitHub activity in place", () => {
    const { content } = matter(render());
    const table = content.slice(content.indexOf("| Time (UTC) |"), content.indexOf("```mermaid"));
    const rows = table.split("\n").filter((line) => /^\| 2024-/.test(line));
    expect(rows.map((row) => row.slice(2, 18))).toEqual([
      "2024-05-01 09:55",
      "2024-05-01 10:00",
      "2024-05-01 10:05",
      "2024-05-01 10:07",
      "2024-05-01 10:12",
      "2024-05-01 10:15",
      "2024-05-01 10:20",
      "2024-05-01 10:30",
      "2024-05-01 10:38",
      "2024-05-01 10:40",
      "2024-05-01 10:50",
      "2024-05-01 11:10",
      "2024-05-01 11:15",
      "2024-05-01 11:16",
    ]);
    expect(rows[0]).toContain("First 500s in the dashboards (recorded later, 2024-05-01 10:25)");
    expect(rows[10]).toContain(
      "Pull request #61: Revert pool size change (merged) [#61](https://github.com/acme/shop/pull/61)",
    );
  });

  it("never lets people's words ping anyone or break the table", () => {
    const { content } = matter(render());
    expect(content).not.toMatch(/(^|[^\w`])@(dave|bob|carol|alice)\b/m);
    expect(content).toContain("cc @\u200bdave \\| pool exhausted");
    expect(content).toContain("| **Commander** | @\u200bbob |");
  });

  it("draws the incident as a Mermaid chart", () => {
    const { content } = matter(render());
    const chart = /```mermaid\n([\s\S]*?)```/.exec(content)?.[1] ?? "";
    expect(chart).toContain("gantt");
    expect(chart).toContain("Declared → Acknowledged 7m :p0, 2024-05-01T10:00, 7m");
    expect(chart).toContain("Resolved :milestone, m3, 2024-05-01T11:10, 0m");
    expect(chart).toContain("Dispatched rollback for api to v1.4.2 :milestone");
  });

  it("asks the authors for everything Hotwash cannot know, in the blameless sections", () => {
    const { content } = matter(render());
    const sections = [...content.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual([
      "Summary",
      "Impact",
      "Timeline",
      "Root cause",
      "Trigger",
      "Detection",
      "Resolution",
      "Contributing factors",
      "What went well",
      "What could be improved",
      "Action items",
      "Lessons learned",
    ]);
    for (const section of [
      "Summary",
      "Impact",
      "Root cause",
      "Trigger",
      "Contributing factors",
      "Lessons learned",
    ]) {
      const body = content.split(`## ${section}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(body, section).toContain("_TODO(author):");
    }
  });

  it("renders the same bytes for the same log", () => {
    expect(render()).toBe(render());
  });

  it("renders an incident that is not resolved yet without inventing milestones", () => {
    const open = OUTAGE.slice(0, 4);
    const { data, content } = matter(render(open));
    expect(data.milestones).toMatchObject({ mitigated: null, resolved: null });
    expect(data.metrics).toMatchObject({ mttm: null, mttr: null });
    expect(data.postmortem_due).toBeNull();
    expect(data.action_items).toEqual([]);
    expect(content).toContain("| **Resolved** | not resolved yet |");
    expect(content).toContain("_None recorded yet._");
  });
});

describe("a corrected timeline", () => {
  it("shows the corrected entry with who corrected it, and the correction itself", () => {
    const index = OUTAGE.findIndex((e) => e.type === "backdated") + 1;
    const markdown = render([
      ...OUTAGE,
      {
        type: "correction",
        at: t("11:30"),
        actor: "carol",
        source: 999,
        entry: index,
        text: "Synthetic checks started failing in eu-west",
        to: null,
      },
    ]).replaceAll("\u200b", "");
    expect(markdown).toContain("Synthetic checks started failing in eu-west (recorded later");
    expect(markdown).toContain("(corrected by @carol, 2024-05-01 11:30)");
    expect(markdown).toContain(`Corrected t${index} (text)`);
    expect(markdown).not.toContain("First 500s in the dashboards");
  });
});

describe("front matter round trip", () => {
  it("reads back the action items and metrics it wrote", () => {
    const markdown = render();
    const parsed = matter(markdown);
    const read = readActionItems(markdown, "P2");
    expect(read).toEqual({
      ok: true,
      items: [
        { title: "Add connection-pool alerts", owner: "carol", due: "2024-05-15", priority: "P1", issue: 57 },
        { title: "Canary deploys for api", owner: null, due: null, priority: "P2", issue: 58 },
      ],
    });
    expect(parsed.data.metrics.mttr).toEqual({ human: "1h 10m", minutes: 70 });
    // An author's edit to the front matter survives a parse.
    const edited = markdown.replace(
      "action_items:\n",
      'action_items:\n  - title: Load-test checkout before release\n    owner: "@dave"\n    due: 2024-06-01\n',
    );
    const again = readActionItems(edited, "P3");
    expect(again.ok && again.items[0]).toEqual({
      title: "Load-test checkout before release",
      owner: "dave",
      due: "2024-06-01",
      priority: "P3",
      issue: null,
    });
  });

  it("keeps front matter a repository template adds, under Hotwash's own keys", () => {
    const result = renderPostmortem(input(), {
      name: "`.github/hotwash/postmortem.md`",
      text: "---\ntags: [outage]\nseverity: made-up\n---\n# {{incident.title}}\n",
    });
    expect(result.ok).toBe(true);
    const split = result.ok ? splitDocument(result.markdown) : null;
    expect(split?.ok && split.data).toMatchObject({ tags: ["outage"], severity: "sev1", incident: 42 });
    expect(split?.ok && split.content).toBe("# Checkout API returns 500s\n");
  });
});

describe("malformed front matter", () => {
  const doc = (yaml: string) => `---\n${yaml}\n---\n# Post-mortem\n`;

  it.each([
    ["bad YAML", "incident: 42\nincident: 43", /not valid YAML at line 3, column 1: Map keys must be unique/],
    ["a list that is not a list", "action_items: fix everything", /`action_items` must be a list/],
    ["an item without a title", "action_items:\n  - owner: bob", /item 1 has no `title`/],
    [
      "a bad due date",
      "action_items:\n  - title: Alerts\n    due: 2024-02-30",
      /item 1 \("Alerts"\): `due` "2024-02-30" is not a date/,
    ],
    [
      "a bad owner",
      "action_items:\n  - title: Alerts\n    owner: not a login",
      /`owner` "not a login" is not a GitHub login/,
    ],
    [
      "a bad priority",
      "action_items:\n  - title: Alerts\n    priority: urgent",
      /`priority` "urgent" must be one of P0/,
    ],
    ["code front matter", "", /front matter must be YAML/],
  ])("names the problem: %s", (_name, yaml, message) => {
    const markdown = yaml ? doc(yaml) : "---js\n{ action_items: (globalThis.pwned = true, []) }\n---\nbody";
    const result = readActionItems(markdown, "P2");
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toMatch(message);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it("reports every bad item, not just the first", () => {
    const result = readActionItems(
      doc("action_items:\n  - title: A\n    due: soon\n  - title: B\n  - title: C\n    priority: P9"),
      "P2",
    );
    expect(result.ok ? [] : result.problems).toHaveLength(2);
  });

  it("treats a document without action items as having none", () => {
    expect(readActionItems(doc("incident: 42"), "P2")).toEqual({ ok: true, items: [] });
  });
});

describe("paths", () => {
  it("names the file by declared date (UTC), number and slug", () => {
    expect(
      postmortemPath({
        directory: "docs/postmortems/",
        issueNumber: 42,
        title: "Checkout API: 500s for façade users!",
        declaredAt: "2024-05-01T23:30:00-02:00",
        fallbackDate: "2024-04-01T00:00:00Z",
      }),
    ).toBe("docs/postmortems/2024-05-02-42-checkout-api-500s-for-facade-users.md");
    expect(slugify("🔥🔥")).toBe("incident");
    expect(slugify("a".repeat(30) + " " + "b".repeat(30)).length).toBeLessThanOrEqual(50);
    expect(incidentOfBranch(postmortemBranch(42))).toBe(42);
    expect(incidentOfBranch("hotwash/postmortem-42-extra")).toBeNull();
  });
});
