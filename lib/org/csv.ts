/**
 * CSV for downloads: RFC 4180 quoting and CRLF line ends, with cells that a spreadsheet would
 * run as a formula defused. Pure functions, shared by every export.
 */

/** A cell starting with one of these is a formula (or a DDE payload) to Excel, LibreOffice and Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell: a leading `'` keeps a formula-looking value as text (spreadsheets hide the quote),
 * then quotes when the value holds a quote, comma, CR or LF, with inner quotes doubled.
 */
export function csvCell(value: string | number | Date | null | undefined): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(values: ReadonlyArray<string | number | Date | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Characters RFC 5987 allows unencoded in `filename*`; encodeURIComponent leaves a few more. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A file name as people read it: no control or formatting characters, path separators or
 * characters that file systems refuse; spaces collapsed; at most `max` characters; '' if nothing is left.
 */
export function readableFileName(name: string, max: number): string {
  return name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\\/:*?"<>|]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/**
 * `attachment` with an ASCII fallback name (letters, digits, `-`; never a quote, slash or control
 * character) and the readable name in `filename*` for browsers that take UTF-8.
 */
export function attachmentDisposition(baseName: string, extension: string, fallback = 'export'): string {
  const readable = readableFileName(baseName, 120);
  const ascii =
    readable
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || fallback;
  const name = `${ascii}.${extension}`;
  const utf8 = `${readable || fallback}.${extension}`;
  return `attachment; filename="${name}"; filename*=UTF-8''${encodeRfc5987(utf8)}`;
}
