/**
 * Reads the `.eml` files the file transport writes (nodemailer's output: one text part, quoted-
 * printable or base64). Pure, without server-only imports: the browser suite reads the same files.
 */
export type ParsedMail = { to: string; subject: string; date: string; text: string };

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi').exec(raw);
  return m ? m[1].replace(/\n[ \t]+/g, ' ').trim() : '';
}

function decodeBody(raw: string): string {
  const split = raw.indexOf('\n\n');
  const head = split >= 0 ? raw.slice(0, split) : '';
  const body = split >= 0 ? raw.slice(split + 2) : raw;
  if (/^Content-Transfer-Encoding: quoted-printable/im.test(head)) {
    return Buffer.from(
      body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  if (/^Content-Transfer-Encoding: base64/im.test(head)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

export function parseEml(source: string): ParsedMail {
  const raw = source.replace(/\r\n/g, '\n');
  return {
    to: header(raw, 'To'),
    subject: decodeWords(header(raw, 'Subject')),
    date: header(raw, 'Date'),
    text: decodeBody(raw),
  };
}
