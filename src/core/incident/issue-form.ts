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

/**
 * The catalog services the form's "Affected services" answer names (any case, any separators),
 * in catalog spelling and each once; other words ("and the CDN", "_No response_") are not services.
 */
export function servicesFromIssueBody(body: string, catalog: readonly string[]): string[] {
  const section = /^###\s*Affected services\s*$([\s\S]*?)(?=^###\s|$(?![\s\S]))/im.exec(body);
  const words = section?.[1]?.split(/[\s,;]+/).filter(Boolean) ?? [];
  const found: string[] = [];
  for (const word of words) {
    const name =
      catalog.find((s) => s === word) ?? catalog.find((s) => s.toLowerCase() === word.toLowerCase());
    if (name && !found.includes(name)) found.push(name);
  }
  return found.slice(0, 100);
}
