import { finished } from 'node:stream/promises';
import { CsvError, parse, type Parser } from 'csv-parse';

/** Largest upload accepted. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Most columns a header may have; a wider file is almost always the wrong file or delimiter. */
export const IMPORT_MAX_COLUMNS = 64;
/** Longest data row (UTF-8 bytes of its cells); a longer one is reported as a row error. */
export const IMPORT_MAX_ROW_BYTES = 64 * 1024;
/**
 * Longest record the parser holds in memory. A record past IMPORT_MAX_ROW_BYTES but below this is
 * skipped as one row error; past this the parser cannot find where the record ends without
 * holding it (in practice: a quote that is never closed), so the whole file fails.
 */
export const IMPORT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
/** How many leading bytes detectFormat looks at. */
export const DETECT_BYTES = 64 * 1024;

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';
export type CsvFormat = { ok: true; encoding: CsvEncoding; bom: boolean; delimiter: CsvDelimiter };
export type DetectResult = CsvFormat | { ok: false; code: 'empty' | 'binary' };

export type CsvFileErrorCode =
  'empty' | 'headerOnly' | 'binary' | 'tooLarge' | 'tooManyColumns' | 'rowTooLong' | 'unclosedQuote' | 'invalid';

export type CsvRowErrorCode = 'rowTooLong' | 'columnCount';

export type CsvItem =
  | { kind: 'header'; cells: string[] }
  | { kind: 'row'; row: number; line: number; cells: string[] }
  | { kind: 'rowError'; row: number; line: number; code: CsvRowErrorCode };

/** A problem with the file as a whole; `line` is the file line it concerns, when there is one. */
export class CsvFileError extends Error {
  readonly code: CsvFileErrorCode;
  readonly line?: number;

  constructor(code: CsvFileErrorCode, line?: number) {
    super(line === undefined ? `CSV file error: ${code}` : `CSV file error: ${code} at line ${line}`);
    this.name = 'CsvFileError';
    this.code = code;
    if (line !== undefined) this.line = line;
  }
}

// Signatures of formats people upload by mistake with a .csv name. Most also contain NUL bytes,
// but their first kilobytes need not (a PDF often starts with plain text).
const MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x50, 0x4b, 0x03, 0x04], // ZIP, and so XLSX, DOCX, ODS
  [0x50, 0x4b, 0x05, 0x06], // empty ZIP
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0xd0, 0xcf, 0x11, 0xe0], // old Office (XLS)
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xff, 0xfe, 0x00, 0x00], // UTF-32LE, not supported
  [0x00, 0x00, 0xfe, 0xff], // UTF-32BE, not supported
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** Control characters that do not occur in text: everything below space but tab, LF, VT, FF, CR. */
function isOddControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d;
}

/** More than 1% control characters (Ctrl-Z, an old end-of-file mark, is allowed at the very end). */
function looksBinary(text: string): boolean {
  let controls = 0;
  const end = text.endsWith('\u001a') ? text.length - 1 : text.length;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (isOddControl(c)) controls++;
  }
  return controls * 100 > end;
}

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte. */
function utf16ByNuls(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.3 && even <= pairs * 0.05) return 'utf-16le';
  if (even >= pairs * 0.3 && odd <= pairs * 0.05) return 'utf-16be';
  return null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: true leaves a character cut at the end pending instead of failing on it.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The delimiter used in the first records: among `,` `;` and tab, the one that occurs in the
 * header and as often in every following complete record, else the one most frequent in the header.
 */
function detectDelimiter(text: string): CsvDelimiter {
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  const records: Record<CsvDelimiter, number>[] = [];
  let counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let nonBlank = false;
  for (let i = 0; i < text.length && records.length < 6; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      nonBlank = true;
    } else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (nonBlank) records.push(counts);
      counts = { ',': 0, ';': 0, '\t': 0 };
      nonBlank = false;
    } else {
      if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
      if (ch !== ' ') nonBlank = true;
    }
  }
  // The last record counts only when nothing else was seen: it may be cut by the end of the head.
  if (records.length === 0 && nonBlank) records.push(counts);
  if (records.length === 0) return ',';
  const [header, ...rest] = records;
  const present = candidates.filter((d) => header[d] > 0);
  if (present.length === 0) return ',';
  const consistent = present.filter((d) => rest.every((r) => r[d] === header[d]));
  const pool = consistent.length > 0 ? consistent : present;
  return pool.reduce((best, d) => (header[d] > header[best] ? d : best));
}

/** The encoding and delimiter of a CSV file from its first bytes (pass at most DETECT_BYTES). */
export function detectFormat(head: Uint8Array): DetectResult {
  if (head.length > DETECT_BYTES) head = head.subarray(0, DETECT_BYTES);
  if (head.length === 0) return { ok: false, code: 'empty' };
  if (MAGIC.some((sig) => startsWith(head, sig))) return { ok: false, code: 'binary' };

  let encoding: CsvEncoding;
  let bom = true;
  if (startsWith(head, [0xef, 0xbb, 0xbf])) encoding = 'utf-8';
  else if (startsWith(head, [0xff, 0xfe])) encoding = 'utf-16le';
  else if (startsWith(head, [0xfe, 0xff])) encoding = 'utf-16be';
  else {
    bom = false;
    const utf16 = utf16ByNuls(head);
    if (utf16) encoding = utf16;
    else if (head.includes(0)) return { ok: false, code: 'binary' };
    else encoding = isValidUtf8(head) ? 'utf-8' : 'windows-1252';
  }

  const text = new TextDecoder(encoding).decode(head, { stream: true });
  if (looksBinary(text)) return { ok: false, code: 'binary' };
  if (text.trim() === '') return { ok: false, code: 'empty' };
  return { ok: true, encoding, bom, delimiter: detectDelimiter(text) };
}

/**
 * Bytes to text. A file detected as UTF-8 without a BOM may only have looked so because its head
 * was plain ASCII: the first chunk with other bytes decides between UTF-8 and Windows-1252 (ASCII
 * reads the same in both, so nothing decoded before needs decoding again).
 */
async function* decode(chunks: AsyncIterable<Uint8Array>, format: CsvFormat): AsyncGenerator<string> {
  let decoder = new TextDecoder(format.encoding);
  let undecided = format.encoding === 'utf-8' && !format.bom;
  let total = 0;
  let first = true;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > IMPORT_MAX_BYTES) throw new CsvFileError('tooLarge');
    if (undecided && !isAscii(chunk)) {
      undecided = false;
      if (!isValidUtf8(chunk)) decoder = new TextDecoder('windows-1252');
    }
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.includes('\u0000')) throw new CsvFileError('binary');
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** Line breaks in a string: CRLF, LF and CR each count once. */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) if (s[i + 1] !== '\n') n++;
  return n;
}

function cellsLineBreaks(cells: readonly unknown[]): number {
  let n = 0;
  for (const c of cells) if (typeof c === 'string' && c.length > 0) n += lineBreaks(c);
  return n;
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function rowBytes(cells: string[]): number {
  let length = cells.length;
  for (const c of cells) length += c.length;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: count exactly only when it could matter.
  if (length * 3 <= IMPORT_MAX_ROW_BYTES) return length;
  let bytes = cells.length;
  for (const c of cells) bytes += Buffer.byteLength(c);
  return bytes;
}

type Parsed = { cells: string[]; line: number };

const WRITE_SLICE = 64 * 1024;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Reads a CSV file as it streams in: the header once, then every data row or the reason it cannot
 * be used. Throws CsvFileError when the file as a whole cannot be read.
 */
export async function* readCsv(
  chunks: AsyncIterable<Uint8Array>,
  format: CsvFormat,
  options: { skipRows?: number } = {},
): AsyncGenerator<CsvItem> {
  const skipRows = options.skipRows ?? 0;
  // The line the next record starts on. Kept as records are parsed, so it is right when the
  // parser fails part-way through a chunk.
  let nextLine = 1;
  // Records parsed from the text written last; the parser hands them over here, one chunk's worth
  // at a time, rather than one by one through the stream (which costs about as much as parsing).
  let batch: Parsed[] = [];
  const parser: Parser = parse({
    delimiter: format.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    // A quote inside an unquoted value (5" screen, O"Brien) is kept as a character.
    relax_quotes: true,
    relax_column_count: true,
    max_record_size: IMPORT_MAX_RECORD_BYTES,
    on_record: (record: string[]) => {
      batch.push({ cells: record, line: nextLine });
      nextLine += cellsLineBreaks(record) + 1;
      return null;
    },
  });
  // Failures arrive through the write callback and finished(); this keeps them from also being
  // reported as unhandled.
  parser.on('error', () => {});
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => parser.write(text, (err) => (err ? reject(err) : resolve())));

  let header: string[] | null = null;
  let row = 0;
  function* take(): Generator<CsvItem> {
    const records = batch;
    batch = [];
    for (const { cells, line } of records) {
      if (isBlank(cells)) continue;
      if (header === null) {
        const names = cells.map((c) => c.trim());
        while (names.length > 0 && names[names.length - 1] === '') names.pop();
        if (names.length > IMPORT_MAX_COLUMNS) throw new CsvFileError('tooManyColumns', line);
        if (rowBytes(cells) > IMPORT_MAX_ROW_BYTES) throw new CsvFileError('rowTooLong', line);
        header = names;
        yield { kind: 'header', cells: names };
        continue;
      }
      row++;
      if (row <= skipRows) continue;
      if (rowBytes(cells) > IMPORT_MAX_ROW_BYTES) {
        yield { kind: 'rowError', row, line, code: 'rowTooLong' };
        continue;
      }
      // Trailing empty cells past the header (a spreadsheet's stray delimiters) are dropped.
      let n = cells.length;
      while (n > header.length && cells[n - 1].trim() === '') n--;
      if (n !== header.length) {
        yield { kind: 'rowError', row, line, code: 'columnCount' };
        continue;
      }
      yield { kind: 'row', row, line, cells: n === cells.length ? cells : cells.slice(0, n) };
    }
  }

  try {
    for await (const text of decode(chunks, format)) {
      // Written in slices so that one large chunk does not become one large batch.
      for (let i = 0; i < text.length;) {
        let end = Math.min(i + WRITE_SLICE, text.length);
        // Not between the two halves of a surrogate pair: each slice is encoded on its own.
        if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
        await write(i === 0 && end === text.length ? text : text.slice(i, end));
        yield* take();
        i = end;
      }
    }
    parser.end();
    await finished(parser, { readable: false });
    yield* take();
  } catch (err) {
    throw toFileError(err, parser, nextLine);
  } finally {
    parser.destroy();
  }
  if (header === null) throw new CsvFileError('empty');
  if (row === 0) throw new CsvFileError('headerOnly');
}

function toFileError(err: unknown, parser: Parser, recordLine: number): Error {
  if (err instanceof CsvFileError) return err;
  if (err instanceof CsvError) {
    // The quote opened in the field being read; the fields before it in the record may span lines.
    const state = (parser as unknown as { state?: { record?: unknown } }).state;
    const done = Array.isArray(state?.record) ? cellsLineBreaks(state.record) : 0;
    const quoting = (parser as unknown as { state?: { quoting?: unknown } }).state?.quoting === true;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') return new CsvFileError('unclosedQuote', recordLine + done);
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      return quoting
        ? new CsvFileError('unclosedQuote', recordLine + done)
        : new CsvFileError('rowTooLong', recordLine);
    }
    return new CsvFileError('invalid', recordLine);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** The header and the first data rows that parse, for the column mapping step. */
export async function previewCsv(
  chunks: AsyncIterable<Uint8Array>,
  format: CsvFormat,
  rows = 5,
): Promise<{ headers: string[]; sample: string[][] }> {
  let headers: string[] = [];
  const sample: string[][] = [];
  let dataItems = 0;
  for await (const item of readCsv(chunks, format)) {
    if (item.kind === 'header') {
      headers = item.cells;
      continue;
    }
    dataItems++;
    if (item.kind === 'row' && sample.length < rows) sample.push(item.cells);
    // Rows that cannot be used do not fill the sample, but do not read far for it either.
    if (sample.length >= rows || dataItems >= rows + 50) break;
  }
  return { headers, sample };
}
