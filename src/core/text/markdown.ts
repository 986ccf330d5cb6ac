/**
 * Text that Hotwash echoes back: people's words must never ping anyone, break a table, or smuggle
 * markup that hides the board's hidden data.
 */

/** `@alice` → `@\u200balice`: still reads as @alice, never notifies. */
export function defangMentions(text: string): string {
  // Any @ not inside a word (an email address is safe): a backtick is no protection, since an
  // unmatched one does not open a code span.
  return text.replace(/(^|[^\w])@(?=[A-Za-z0-9])/g, "$1@\u200b");
}

/** One line, pipes escaped: safe inside a markdown table cell. */
export function tableCell(text: string): string {
  return defangMentions(text).replace(/\r?\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** Free text shown in a reply or on the board (not in a table). */
export function quoteText(text: string): string {
  // Escaping every "<" keeps people's words from closing <details> or opening a hidden comment;
  // GitHub renders &lt; as "<", so nothing changes for the reader.
  return defangMentions(text).replace(/</g, "&lt;");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** `@alice` for a login we mean to notify (commander reminders, escalation). */
export function mention(login: string): string {
  return `@${login.replace(/^@/, "")}`;
}

/** A login shown without notifying (board, timeline). */
export function displayLogin(login: string): string {
  return defangMentions(mention(login));
}

/** Text shown as inline code (a label, a key): nothing inside renders, pings or closes the span. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;
}
