import { stringify } from 'csv-stringify/sync';

/**
 * Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return),
 * prefixed with an apostrophe: excerpts, memos and code names are user text (OWASP "CSV
 * injection"). Numbers are left alone, so negative residuals stay numbers.
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Rows as CSV (RFC 4180 quoting by csv-stringify, CRLF line ends, formula guard on every text
 * field). The one CSV writer of iwa's use cases.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  options: { bom?: boolean } = {},
): string {
  return stringify(
    [header, ...rows].map((row) =>
      row.map((v) => (typeof v === 'string' ? guardFormula(v) : v === undefined ? null : v)),
    ),
    { record_delimiter: 'windows', bom: options.bom ?? false, cast: { number: (n) => String(n) } },
  );
}
