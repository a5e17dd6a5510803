/**
 * CSV for the Admin Center's exports (users, the DI preview): RFC 4180 fields and CRLF lines.
 * Hand-written rather than csv-stringify: quoting is three lines, and the part that matters
 * here, defusing spreadsheet formulas, is ours either way.
 */

/**
 * One field: quoted when it holds a comma, a quote or a line break, quotes doubled. A value a
 * spreadsheet would run as a formula (= + - @, or a tab or carriage return first) gets a
 * leading apostrophe: names, emails and reasons come from the IdP, and a cell
 * `=HYPERLINK(…)` must stay text (OWASP "CSV injection").
 */
export function csvField(value: string | null): string {
  if (value == null || value === "") return "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF. */
export const csvLine = (cells: readonly (string | null)[]): string => `${cells.map(csvField).join(",")}\r\n`;
