'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { formatDate } from '@/lib/format';
import { setFlash } from '@/lib/http/flash';
import type { Message } from '@/lib/i18n/message';
import { kickMailQueue } from '@/lib/jobs/boss';
import { fingerprintGroups, MAX_KEY_BYTES, type KeyProblem } from '@/lib/keys/check';
import { removeUserKey, saveUserKey } from '@/lib/keys/manage';
import { removeKeySchema, saveKeySchema } from '@/lib/keys/schemas';

const PAGE = '/settings/keys';

/** Why a key was refused, in words that say what to do. */
function problemMessage(
  problem: KeyProblem,
  user: { email: string; locale: string; timeZone: string | null },
): Message {
  const email = user.email;
  switch (problem.error) {
    case 'expired':
      return { key: 'keys.errors.expired', values: { date: formatDate(problem.expiredAt, user) } };
    case 'tooLarge':
      return { key: 'keys.errors.tooLarge', values: { email } };
    case 'private':
      return { key: 'keys.errors.private', values: { email } };
    case 'wrongEmail':
      return { key: 'keys.errors.wrongEmail', values: { email } };
    default:
      return `keys.errors.${problem.error}`;
  }
}

/**
 * One form for both ways in: the pasted armour ("Public key") or a file ("Key file"), posted as
 * multipart form data with or without JavaScript. What was pasted comes back to the form after a
 * refusal, unless it was a private key or too large to send back.
 */
export const saveKey = userAction(saveKeySchema, async (input, { db, current, meta, formData }) => {
  const { user } = current;
  const pasted = input.publicKey?.trim() ? input.publicKey : '';
  const file = formData.get('keyFile');
  const upload = file instanceof Blob && file.size > 0 ? file : null;
  if (!pasted && !upload) return failure('keys.notSaved', { publicKey: ['keys.errors.empty'] });
  if (pasted && upload) {
    const echo = pasted.length <= MAX_KEY_BYTES ? { publicKey: pasted } : undefined;
    return failure('keys.notSaved', { publicKey: ['keys.errors.both'] }, echo);
  }
  const field = upload ? 'keyFile' : 'publicKey';
  // A file over the limit is refused by its size, unread.
  const source = upload
    ? upload.size > MAX_KEY_BYTES
      ? new Uint8Array(MAX_KEY_BYTES + 1)
      : new Uint8Array(await upload.arrayBuffer())
    : pasted;
  const result = await saveUserKey(db, user, source, meta);
  if (!result.ok) {
    const echo = field === 'publicKey' && result.error !== 'private' && result.error !== 'tooLarge';
    return failure('keys.notSaved', { [field]: [problemMessage(result, user)] }, echo ? { publicKey: pasted } : {});
  }
  await kickMailQueue();
  revalidatePath(PAGE);
  return success({ key: 'keys.saved', values: { fingerprint: fingerprintGroups(result.key.fingerprint) } });
});

/** "Remove key": a plain form, so it works without JavaScript; the key's card says what happened. */
export const removeKey = userFormAction(removeKeySchema, async (_input, { db, current, meta }) => {
  const removed = await removeUserKey(db, current.user, meta);
  if (removed) await kickMailQueue();
  revalidatePath(PAGE);
  await setFlash(
    PAGE,
    removed ? { status: 'success', key: 'keys.removed' } : { status: 'error', key: 'keys.notFound' },
  );
  redirect(`${PAGE}#current-key-title`);
});
