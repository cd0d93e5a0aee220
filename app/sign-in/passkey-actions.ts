'use server';

import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';
import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { signIn } from '@/lib/auth/auth';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';
import { optionsForSignIn, signInWithPasskey } from '@/lib/passkeys/ceremony';
import { passkeySignInSchema } from '@/lib/passkeys/schemas';

/** The options for the browser's passkey prompt (discoverable credentials: no email asked first). */
export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return optionsForSignIn();
}

/**
 * The browser's signed answer: checked once against the stored challenge and public key, then a
 * session starts as after a password; with user verification it needs no second factor.
 */
export const signInWithPasskeyAction = publicAction(passkeySignInSchema, async (input, { db, meta }) => {
  let response: AuthenticationResponseJSON;
  try {
    response = JSON.parse(input.response) as AuthenticationResponseJSON;
  } catch {
    return failure('passkeys.errors.signInFailed');
  }
  const result = await signInWithPasskey(db, response, meta);
  if (!result.ok) return failure('passkeys.errors.signInFailed');
  await signIn('credentials', { sessionId: result.sessionId, redirect: false });
  const next = safeCallbackPath(input.callbackUrl);
  redirect(result.mfaPending ? `/sign-in/mfa?callbackUrl=${encodeURIComponent(next)}` : next);
});
