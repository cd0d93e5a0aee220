'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import * as tokens from '@/lib/tokens/manage';
import { createTokenSchema, tokenIdSchema } from '@/lib/tokens/schemas';

const PAGE = '/settings/tokens';

/**
 * The answer carries the new secret as a value: the form shows it once, and nothing keeps it (a
 * reload renders the page without it). Everything else the page shows comes from the database.
 */
export const createToken = userAction(createTokenSchema, async (input, { db, current, meta, values: posted }) => {
  const result = await tokens.createToken(db, current.user, input, meta);
  if (!result.ok) {
    // Every ticked box, not only the last one posted, so the form re-rendered without JavaScript keeps them.
    const values = { ...posted, scopes: input.scopes.join(' ') };
    switch (result.error) {
      case 'scope':
        return failure(
          'errors.checkFields',
          { scopes: [{ key: 'tokens.errors.scopeNotAllowed', values: { scopes: result.scopes.join(', ') } }] },
          values,
        );
      case 'tooLate':
        return failure(
          'errors.checkFields',
          {
            [input.expires === 'date' ? 'expiresOn' : 'expires']: [
              { key: 'tokens.errors.tooLate', values: { days: result.maxDays, date: result.latest } },
            ],
          },
          values,
        );
      case 'past':
        return failure('errors.checkFields', { expiresOn: ['tokens.errors.past'] }, values);
    }
  }
  await kickMailQueue();
  revalidatePath(PAGE);
  return success(
    { key: 'tokens.created', values: { name: result.token.name } },
    { secret: result.secret, tokenName: result.token.name },
  );
});

/** A plain form per token, so revoking works without JavaScript; the list's card says what happened. */
export const revokeToken = userFormAction(tokenIdSchema, async (input, { db, current, meta }) => {
  const result = await tokens.revokeToken(db, current.user, input, meta);
  revalidatePath(PAGE);
  await setFlash(
    PAGE,
    result.ok
      ? { status: 'success', key: 'tokens.revoked', values: { name: result.name } }
      : { status: 'error', key: 'tokens.notFound' },
  );
  redirect(`${PAGE}#tokens-title`);
});
