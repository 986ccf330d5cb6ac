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
