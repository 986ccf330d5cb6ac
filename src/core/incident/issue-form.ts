/**
 * Issue forms render answers as `### Label` sections; the incident form's severity dropdown is
 * read back from there (the first configured severity key mentioned in that section).
 */
export function severityFromIssueBody(body: string, severityKeys: readonly string[]): string | null {
  const section = /^###\s*Severity\s*$([\s\S]*?)(?=^###\s|$(?![\s\S]))/im.exec(body);
  if (!section?.[1]) return null;
  const words = section[1].toLowerCase().match(/[a-z0-9-]+/g) ?? [];
  return words.find((word) => severityKeys.includes(word)) ?? null;
}

/**
 * An issue filed through the incident form (.github/ISSUE_TEMPLATE/incident.yml), known by the
 * sections it renders: a Severity naming a configured severity and "What is happening?". Needed
 * because the form's `incident` label only sticks if the repository already has that label.
 */
export function isIncidentForm(body: string, severityKeys: readonly string[]): boolean {
  return /^###\s*What is happening\?\s*$/im.test(body) && severityFromIssueBody(body, severityKeys) !== null;
}
