import 'server-only';

import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import MimeNode from 'nodemailer/lib/mime-node';

import { encryptText } from '../keys/encrypt';

/** What goes inside the encryption: the body, as text and (when there is one) HTML alternatives. */
export type PgpMimeContent = { text: string; html?: string };

/** The outer headers, which stay readable: the mail is routed and listed by them. */
export type PgpMimeHeaders = {
  from: string | Mail.Address;
  to: string;
  subject: string;
  messageId: string;
};

/**
 * The body as the MIME entity nodemailer would send unencrypted (multipart/alternative of text
 * and HTML, or text alone), without the headers of a whole message (Date, Message-ID,
 * MIME-Version): those belong to the outer message. CRLF line ends, as RFC 3156 signs and
 * encrypts MIME in its canonical form.
 */
export async function innerMimePart(content: PgpMimeContent): Promise<Buffer> {
  const body = new MailComposer({ text: content.text, html: content.html }).compile();
  // Under a parent it is a body part rather than a message: no Date or MIME-Version. The
  // Message-ID the composer set is blanked: nodemailer leaves out a header given as an object with
  // an empty value (a form its types do not list).
  new MimeNode('multipart/mixed').appendChild(body);
  body.setHeader('Message-ID', { prepared: true, value: '' } as unknown as string);
  return body.build();
}

/**
 * A PGP/MIME message (RFC 3156 §4): `multipart/encrypted; protocol="application/pgp-encrypted"`
 * with the version part ("Version: 1") and the armored OpenPGP message holding the body,
 * encrypted to `armoredKey`. The subject stays in the outer headers as it is. Throws when the
 * key cannot be used, so the mail is never sent in the clear instead.
 */
export async function pgpMimeMessage(
  headers: PgpMimeHeaders,
  content: PgpMimeContent,
  armoredKey: string,
): Promise<{ raw: Buffer; envelope: { from: string; to: string[] } }> {
  const encrypted = await encryptText(armoredKey, await innerMimePart(content));
  const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
  // MimeNode takes an address object as nodemailer's `from` does (its types say strings only); a
  // copy, as it normalizes the object in place.
  const from = (typeof headers.from === 'string' ? headers.from : { ...headers.from }) as unknown as string;
  root.setHeader({ from, to: headers.to, subject: headers.subject, 'message-id': headers.messageId });
  root
    .createChild('application/pgp-encrypted')
    .setHeader({ 'content-description': 'PGP/MIME version identification', 'content-transfer-encoding': '7bit' })
    .setContent('Version: 1\r\n');
  root
    .createChild('application/octet-stream; name="encrypted.asc"')
    .setHeader({
      'content-description': 'OpenPGP encrypted message',
      'content-disposition': 'inline; filename="encrypted.asc"',
      'content-transfer-encoding': '7bit',
    })
    .setContent(encrypted);
  const envelope = root.getEnvelope();
  return { raw: await root.build(), envelope: { from: envelope.from || '', to: envelope.to } };
}
