import 'server-only';

import { createMessage, encrypt, readKey } from 'openpgp';

/** `text` encrypted to the armored public key, as an armored OpenPGP message. Throws when it cannot be. */
export async function encryptText(armoredKey: string, text: string | Uint8Array): Promise<string> {
  const encryptionKeys = await readKey({ armoredKey });
  const message = typeof text === 'string' ? await createMessage({ text }) : await createMessage({ binary: text });
  return encrypt({ message, encryptionKeys, format: 'armored' });
}

/**
 * A download encrypted to the armored public key as it is read: a binary OpenPGP message (what
 * `gpg --decrypt file.gpg` takes) carrying `filename`, produced as the client takes it.
 */
export async function encryptStream(
  armoredKey: string,
  source: ReadableStream<Uint8Array>,
  filename: string,
): Promise<ReadableStream<Uint8Array>> {
  const encryptionKeys = await readKey({ armoredKey });
  const message = await createMessage({ binary: source, filename, format: 'binary' });
  return (await encrypt({ message, encryptionKeys, format: 'binary' })) as ReadableStream<Uint8Array>;
}
