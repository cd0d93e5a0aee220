import { describe, expect, it } from 'vitest';

import { attachmentDisposition, csvCell, csvRow } from './csv';

describe('csvCell', () => {
  it('leaves plain values alone', () => {
    expect(csvCell('ada@example.com')).toBe('ada@example.com');
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('writes dates as ISO 8601 in UTC', () => {
    expect(csvCell(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('quotes fields holding a quote, comma, CR or LF and doubles inner quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell('"')).toBe('""""');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+49 30 1234')).toBe("'+49 30 1234");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    // The CR still forces quotes after the apostrophe goes in front.
    expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvCell('=HYPERLINK("http://evil.test","Click")')).toBe(`"'=HYPERLINK(""http://evil.test"",""Click"")"`);
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
  });

  it('only looks at the first character', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell('ada-lovelace')).toBe('ada-lovelace');
  });
});

describe('csvRow', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', 'b,c', null, '=x'])).toBe(`a,"b,c",,'=x\r\n`);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the readable name in filename*', () => {
    expect(attachmentDisposition('Design Team members', 'csv')).toBe(
      `attachment; filename="design-team-members.csv"; filename*=UTF-8''Design%20Team%20members.csv`,
    );
  });

  it('never lets quotes, slashes, control characters or header breaks through', () => {
    const header = attachmentDisposition('../../etc/"passwd"\r\nX-Evil: 1;', 'csv');
    expect(header).not.toMatch(/[\r\n]/);
    const [, ascii] = /filename="([^"]*)"/.exec(header)!;
    expect(ascii).toMatch(/^[a-z0-9-]+\.csv$/);
    const [, utf8] = /filename\*=UTF-8''(.*)$/.exec(header)!;
    expect(utf8).toMatch(/^[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(decodeURIComponent(utf8)).not.toMatch(/[/\\"\r\n]/);
  });

  it('falls back when nothing ASCII is left', () => {
    const header = attachmentDisposition('Отдел продаж', 'csv', 'group-members');
    expect(header).toContain('filename="group-members.csv"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1])).toBe('Отдел продаж.csv');
    expect(attachmentDisposition('', 'csv')).toContain('filename="export.csv"');
    expect(attachmentDisposition('Café Zürich', 'csv')).toContain('filename="cafe-zurich.csv"');
  });
});
