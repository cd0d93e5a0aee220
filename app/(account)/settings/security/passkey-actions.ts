'use server';

import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/types';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { addPasskey, optionsForCurrentUser } from '@/lib/passkeys/ceremony';
import { removePasskey, renamePasskey } from '@/lib/passkeys/manage';
import { addPasskeySchema, removePasskeySchema, renamePasskeySchema } from '@/lib/passkeys/schemas';

import { unconfirmed } from './answers';

const PAGE = '/settings/security';
const AT_CARD = `${PAGE}#passkeys-title`;

/** The options for the browser's "create a passkey" prompt; the challenge is kept for five minutes. */
export async function passkeyRegistrationOptions(): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return optionsForCurrentUser();
}

const ADD_ERRORS = {
  invalid: 'passkeys.errors.failed',
  duplicate: 'passkeys.errors.duplicate',
  tooMany: 'passkeys.errors.tooMany',
} as const;

export const addPasskeyAction = userAction(addPasskeySchema, async (input, { db, current, meta, values }) => {
  let response: RegistrationResponseJSON;
  try {
    response = JSON.parse(input.response) as RegistrationResponseJSON;
  } catch {
    return failure('passkeys.errors.failed', undefined, { name: values.name ?? '' });
  }
  const result = await addPasskey(db, current.user, { name: input.name, response }, meta);
  if (!result.ok) return failure(ADD_ERRORS[result.error], undefined, { name: values.name ?? '' });
  await kickMailQueue();
  revalidatePath(PAGE);
  return success({ key: 'passkeys.added', values: { name: input.name } });
});

export const renamePasskeyAction = userFormAction(renamePasskeySchema, async (input, { db, current, meta }) => {
  const result = await renamePasskey(db, current.user, { id: input.passkeyId, name: input.name }, meta);
  await setFlash(
    PAGE,
    result.ok
      ? { status: 'success', key: 'passkeys.renamed', values: { name: result.name } }
      : { status: 'error', key: 'passkeys.errors.notFound' },
  );
  redirect(AT_CARD);
});

export const removePasskeyAction = userFormAction(removePasskeySchema, async (input, { db, current, meta }) => {
  const result = await removePasskey(db, current, { id: input.passkeyId, password: input.password || undefined }, meta);
  if (result.ok && 'name' in result) {
    await kickMailQueue();
    await setFlash(PAGE, { status: 'success', key: 'passkeys.removed', values: { name: result.name } });
  } else if (!result.ok && result.error === 'notFound') {
    await setFlash(PAGE, { status: 'error', key: 'passkeys.errors.notFound' });
  } else if (!result.ok) {
    // The password field is in the row's own form; the card's message says what was wrong with it.
    const message = unconfirmed(result).message ?? 'errors.password.confirmWrong';
    await setFlash(
      PAGE,
      typeof message === 'string'
        ? { status: 'error', key: message }
        : { status: 'error', key: message.key, values: message.values as Record<string, string | number> },
    );
  }
  redirect(AT_CARD);
});
