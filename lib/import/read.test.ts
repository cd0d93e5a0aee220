import { describe, expect, it } from 'vitest';

import {
  CsvFileError,
  detectFormat,
  IMPORT_MAX_BYTES,
  previewCsv,
  readCsv,
  type CsvFormat,
  type CsvItem,
} from './read';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[i * 2] = s.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}
function utf16be(s: string): Uint8Array {
  const le = utf16le(s);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) [out[i], out[i + 1]] = [le[i + 1], le[i]];
  return out;
}
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

async function* chunked(data: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size);
}

function format(data: Uint8Array): CsvFormat {
  const f = detectFormat(data.subarray(0, 64 * 1024));
  if (!f.ok) throw new Error(`not a CSV: ${f.code}`);
  return f;
}

async function read(data: Uint8Array, size?: number, skipRows?: number): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readCsv(chunked(data, size), format(data), { skipRows })) items.push(item);
  return items;
}

async function fileError(data: Uint8Array, f: CsvFormat = format(data)): Promise<CsvFileError> {
  try {
    for await (const item of readCsv(chunked(data), f)) void item;
  } catch (err) {
    if (err instanceof CsvFileError) return err;
    throw err;
  }
  throw new Error('no error');
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];
const ZIP = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0, 0x5b, 0x7e, 0x32, 0x4f];

describe('detectFormat', () => {
  it('tells UTF-8 with and without a BOM', () => {
    expect(detectFormat(utf8('email,name\na@x.io,Zoë\n'))).toEqual({
      ok: true,
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
    });
    expect(detectFormat(bytes([0xef, 0xbb, 0xbf], 'email;name\n'))).toEqual({
      ok: true,
      encoding: 'utf-8',
      bom: true,
      delimiter: ';',
    });
  });

  it('tells UTF-16 by its BOM and, without one, by where the NUL bytes are', () => {
    const text = 'email\tname\na@x.io\tJürgen\n';
    expect(detectFormat(concat(Uint8Array.of(0xff, 0xfe), utf16le(text)))).toMatchObject({
      encoding: 'utf-16le',
      bom: true,
      delimiter: '\t',
    });
    expect(detectFormat(concat(Uint8Array.of(0xfe, 0xff), utf16be(text)))).toMatchObject({
      encoding: 'utf-16be',
      bom: true,
    });
    expect(detectFormat(utf16le(text))).toMatchObject({ encoding: 'utf-16le', bom: false, delimiter: '\t' });
    expect(detectFormat(utf16be(text))).toMatchObject({ encoding: 'utf-16be', bom: false, delimiter: '\t' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(detectFormat(bytes('name;price\nM', [0xfc], 'ller;5 ', [0x80], '\n'))).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
    });
  });

  it('keeps UTF-8 when the head ends in the middle of a character', () => {
    const data = utf8('name\nMüller\n€');
    expect(detectFormat(data.subarray(0, data.length - 1))).toMatchObject({ encoding: 'utf-8' });
  });

  it('picks the delimiter outside quotes, consistent over the first records', () => {
    expect(detectFormat(utf8('"a;b;c",d,e\n1,2,3\n'))).toMatchObject({ delimiter: ',' });
    expect(detectFormat(utf8('name;note\nx;"1,2,3,4"\n'))).toMatchObject({ delimiter: ';' });
    expect(detectFormat(utf8('Name, first;Name, last;Mail\na;b;c\n'))).toMatchObject({ delimiter: ';' });
    expect(detectFormat(utf8('email\na@x.io\n'))).toMatchObject({ delimiter: ',' });
  });

  it('says empty for no bytes, a BOM alone or only blank lines', () => {
    expect(detectFormat(new Uint8Array())).toEqual({ ok: false, code: 'empty' });
    expect(detectFormat(Uint8Array.of(0xef, 0xbb, 0xbf))).toEqual({ ok: false, code: 'empty' });
    expect(detectFormat(utf8('\r\n\r\n  \n'))).toEqual({ ok: false, code: 'empty' });
  });

  it('says binary for a PNG, a ZIP (and so an XLSX), a PDF or control characters', () => {
    expect(detectFormat(Uint8Array.from(PNG))).toEqual({ ok: false, code: 'binary' });
    expect(detectFormat(Uint8Array.from(ZIP))).toEqual({ ok: false, code: 'binary' });
    expect(detectFormat(utf8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'))).toEqual({
      ok: false,
      code: 'binary',
    });
    expect(detectFormat(bytes('a,b\n', [1, 2, 3, 4, 5], 'c,d\n'))).toEqual({ ok: false, code: 'binary' });
    expect(detectFormat(bytes('a,b\nc,', [0], 'd\n'))).toEqual({ ok: false, code: 'binary' });
  });
});

describe('readCsv', () => {
  const expected: CsvItem[] = [
    { kind: 'header', cells: ['email', 'name'] },
    { kind: 'row', row: 1, line: 2, cells: ['a@x.io', 'Müller'] },
    { kind: 'row', row: 2, line: 3, cells: ['b@x.io', '€ 5'] },
  ];
  const text = 'email,name\na@x.io,Müller\nb@x.io,€ 5\n';

  it('reads UTF-8 with and without a BOM', async () => {
    expect(await read(utf8(text))).toEqual(expected);
    expect(await read(bytes([0xef, 0xbb, 0xbf], text))).toEqual(expected);
  });

  it('reads UTF-16LE with a BOM and UTF-16BE without', async () => {
    expect(await read(concat(Uint8Array.of(0xff, 0xfe), utf16le(text)))).toEqual(expected);
    expect(await read(utf16be(text))).toEqual(expected);
  });

  it('reads Windows-1252', async () => {
    expect(await read(bytes('email,name\na@x.io,M', [0xfc], 'ller\nb@x.io,', [0x80], ' 5\n'))).toEqual(expected);
  });

  it('reads Windows-1252 whose first 64 KB are plain ASCII', async () => {
    const filler = 'x@x.io,' + 'a'.repeat(90) + '\n';
    const data = bytes('email,name\n', filler.repeat(1000), 'z@x.io,M', [0xfc], 'ller\n');
    const items = await read(data);
    expect(items.at(-1)).toEqual({ kind: 'row', row: 1001, line: 1002, cells: ['z@x.io', 'Müller'] });
  });

  it('reads semicolons and tabs', async () => {
    expect(await read(utf8(text.replaceAll(',', ';')))).toEqual(expected);
    expect(await read(utf8(text.replaceAll(',', '\t')))).toEqual(expected);
  });

  it('reads quoted fields with line breaks and doubled quotes, with the lines they start on', async () => {
    const data = utf8(
      'email,note\r\n' +
        'a@x.io,"first line\r\nsecond, with ""quotes"""\r\n' +
        '\r\n' +
        'b@x.io,"x\ny\nz"\r\n' +
        '  c@x.io ,plain\r\n',
    );
    expect(await read(data)).toEqual([
      { kind: 'header', cells: ['email', 'note'] },
      { kind: 'row', row: 1, line: 2, cells: ['a@x.io', 'first line\r\nsecond, with "quotes"'] },
      { kind: 'row', row: 2, line: 5, cells: ['b@x.io', 'x\ny\nz'] },
      { kind: 'row', row: 3, line: 8, cells: ['  c@x.io ', 'plain'] },
    ]);
  });

  it('gives the same items when the bytes arrive one at a time', async () => {
    const data = bytes(
      [0xef, 0xbb, 0xbf],
      ' Email ; Name \n"a@x.io";"Zoë ""Z""\nÜberlänge €"\n\nb@x.io;Jürgen\nc@x.io;last',
    );
    const whole = await read(data);
    expect(whole).toEqual([
      { kind: 'header', cells: ['Email', 'Name'] },
      { kind: 'row', row: 1, line: 2, cells: ['a@x.io', 'Zoë "Z"\nÜberlänge €'] },
      { kind: 'row', row: 2, line: 5, cells: ['b@x.io', 'Jürgen'] },
      { kind: 'row', row: 3, line: 6, cells: ['c@x.io', 'last'] },
    ]);
    expect(await read(data, 1)).toEqual(whole);
    const le = concat(Uint8Array.of(0xff, 0xfe), utf16le(new TextDecoder().decode(data.subarray(3))));
    expect(await read(le, 1)).toEqual(whole);
  });

  it('skips blank lines and rows of empty cells, and drops trailing empty cells', async () => {
    expect(await read(utf8('email,name,,\n\n,,,\na@x.io,Ann,,\n   \nb@x.io,Bo\n'))).toEqual([
      { kind: 'header', cells: ['email', 'name'] },
      { kind: 'row', row: 1, line: 4, cells: ['a@x.io', 'Ann'] },
      { kind: 'row', row: 2, line: 6, cells: ['b@x.io', 'Bo'] },
    ]);
  });

  it('reports a row with too few or too many cells, and goes on', async () => {
    expect(await read(utf8('email,name\na@x.io\nb@x.io,Bo,extra\nc@x.io,Cy\n'))).toEqual([
      { kind: 'header', cells: ['email', 'name'] },
      { kind: 'rowError', row: 1, line: 2, code: 'columnCount' },
      { kind: 'rowError', row: 2, line: 3, code: 'columnCount' },
      { kind: 'row', row: 3, line: 4, cells: ['c@x.io', 'Cy'] },
    ]);
  });

  it('reports a 1 MB row among good rows as that row', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const items = await read(utf8(`email,note\na@x.io,ok\nb@x.io,${big}\nc@x.io,"${big}\n${big}"\nd@x.io,ok\n`));
    expect(items).toEqual([
      { kind: 'header', cells: ['email', 'note'] },
      { kind: 'row', row: 1, line: 2, cells: ['a@x.io', 'ok'] },
      { kind: 'rowError', row: 2, line: 3, code: 'rowTooLong' },
      { kind: 'rowError', row: 3, line: 4, code: 'rowTooLong' },
      { kind: 'row', row: 4, line: 6, cells: ['d@x.io', 'ok'] },
    ]);
  });

  it('skips the rows already applied but counts them', async () => {
    const items = await read(utf8('email\n1@x.io\n\n2@x.io\n3@x.io\n'), undefined, 2);
    expect(items).toEqual([
      { kind: 'header', cells: ['email'] },
      { kind: 'row', row: 3, line: 5, cells: ['3@x.io'] },
    ]);
  });

  it('throws empty, headerOnly and tooManyColumns', async () => {
    const ok: CsvFormat = { ok: true, encoding: 'utf-8', bom: false, delimiter: ',' };
    expect(await fileError(new Uint8Array(), ok)).toMatchObject({ code: 'empty' });
    expect(await fileError(utf8('\n\n'), ok)).toMatchObject({ code: 'empty' });
    expect(await fileError(utf8('email,name\n\n'))).toMatchObject({ code: 'headerOnly' });
    const wide = Array.from({ length: 200 }, (_, i) => `c${i}`).join(',');
    expect(await fileError(utf8(`${wide}\n${wide}\n`))).toMatchObject({ code: 'tooManyColumns', line: 1 });
  });

  it('throws binary for NUL bytes past the head', async () => {
    const data = bytes('email\n', 'a@x.io\n'.repeat(20000), [0, 1, 2], '\n');
    expect(await fileError(data)).toMatchObject({ code: 'binary' });
  });

  it('throws unclosedQuote with the line the quote opened on', async () => {
    const data = utf8('email,note\na@x.io,ok\n"b@x.io","two\nlines",x\nc@x.io,"open\nd@x.io,ok\n');
    expect(await fileError(data)).toMatchObject({ code: 'unclosedQuote', line: 5 });
    const after = utf8('email,note,x\na@x.io,"two\nlines","open\nb@x.io,ok,x\n');
    expect(await fileError(after)).toMatchObject({ code: 'unclosedQuote', line: 3 });
    // A quote left open in a large file: the parser gives up after IMPORT_MAX_RECORD_BYTES.
    const large = utf8('email,note\na@x.io,"open\n' + 'b@x.io,ok\n'.repeat(500_000));
    expect(await fileError(large)).toMatchObject({ code: 'unclosedQuote', line: 2 });
  });

  it('throws tooLarge past IMPORT_MAX_BYTES', async () => {
    async function* huge(): AsyncGenerator<Uint8Array> {
      yield utf8('email,note\n');
      const chunk = utf8(`a@x.io,${'n'.repeat(1017)}\n`.repeat(1024));
      for (let sent = 0; sent <= IMPORT_MAX_BYTES; sent += chunk.length) yield chunk.slice();
    }
    const f: CsvFormat = { ok: true, encoding: 'utf-8', bom: false, delimiter: ',' };
    // The whole 50 MB passes through; memory stays far below it (the file is never held).
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let rows = 0;
    await expect(async () => {
      for await (const item of readCsv(huge(), f)) {
        if (item.kind === 'row' && ++rows % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }).rejects.toMatchObject({ code: 'tooLarge' });
    // All rows of the first 49 MB but the last, which the parser holds until it sees what follows.
    expect(rows).toBe(49 * 1024 - 1);
    expect(peak - before).toBeLessThan(60 * 1024 * 1024);
  });
});

describe('previewCsv', () => {
  it('returns the header and the first rows', async () => {
    const data = utf8('email;name\n' + Array.from({ length: 20 }, (_, i) => `${i}@x.io;N${i}\n`).join(''));
    expect(await previewCsv(chunked(data), format(data), 2)).toEqual({
      headers: ['email', 'name'],
      sample: [
        ['0@x.io', 'N0'],
        ['1@x.io', 'N1'],
      ],
    });
  });

  it('throws headerOnly and empty like readCsv', async () => {
    const data = utf8('email;name\r\n');
    await expect(previewCsv(chunked(data), format(data))).rejects.toMatchObject({ code: 'headerOnly' });
    const f: CsvFormat = { ok: true, encoding: 'utf-8', bom: false, delimiter: ',' };
    await expect(previewCsv(chunked(new Uint8Array()), f)).rejects.toBeInstanceOf(CsvFileError);
  });
});
