import { meetsPermission, requiredAccessFor } from "../core/command/permissions.js";
import type { RawCommand } from "../core/command/types.js";
import type { HotwashConfig, Permission } from "../core/config/schema.js";
import type { GitHubPort } from "./port.js";

export type Authorization = { allowed: true } | { allowed: false; reason: string };

/**
 * All commands of a comment are authorized before anything visible happens; one refusal refuses
 * the comment. Team checks run concurrently and only when the permission already passes.
 */
export async function authorize(
  port: GitHubPort,
  config: HotwashConfig,
  login: string,
  commands: readonly RawCommand[],
): Promise<Authorization> {
  const permission = await port.getPermission(login);
  const refusals: string[] = [];
  const teamChecks: Promise<void>[] = [];
  for (const raw of commands) {
    const needed = requiredAccessFor(raw, config);
    if (!meetsPermission(permission, needed.permission)) {
      refusals.push(
        `\`/${raw.name}\` needs **${needed.permission}** access to this repository; you have ${describe(permission)}.`,
      );
      continue;
    }
    if (needed.teams.length) {
      teamChecks.push(
        memberOfAny(port, needed.teams, login).then((member) => {
          if (!member) {
            refusals.push(
              `\`/${raw.name}\` is limited to members of ${needed.teams.map((t) => `\`${t.replace(/^@/, "")}\``).join(" or ")}.`,
            );
          }
        }),
      );
    }
  }
  await Promise.all(teamChecks);
  if (!refusals.length) return { allowed: true };
  return {
    allowed: false,
    reason: `${[...new Set(refusals)].join("\n")}\nNothing was changed. Ask a repository admin for access, or ask someone who has it to run the command.`,
  };
}

/** Which of these logins GitHub would accept as assignees, asked concurrently and once each. */
export async function assignableLogins(
  port: GitHubPort,
  logins: readonly string[],
): Promise<Map<string, boolean>> {
  const unique = [...new Set(logins)];
  const answers = await Promise.all(unique.map((login) => port.isAssignable(login)));
  return new Map(unique.map((login, i) => [login, answers[i] ?? false]));
}

async function memberOfAny(port: GitHubPort, teams: readonly string[], login: string): Promise<boolean> {
  const answers = await Promise.all(
    teams.map((team) => {
      const [org = "", slug = ""] = team.replace(/^@/, "").split("/");
      return port.isTeamMember(org, slug, login);
    }),
  );
  return answers.some(Boolean);
}

function describe(permission: Permission | "none"): string {
  return permission === "none" ? "no access" : `**${permission}**`;
}
