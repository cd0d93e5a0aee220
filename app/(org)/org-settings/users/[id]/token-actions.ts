'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { orgFormAction } from '@/lib/actions/define';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';
import { revokeTokenOf } from '@/lib/tokens/manage';
import { adminTokenSchema } from '@/lib/tokens/schemas';

const userPath = (id: string) => `/org-settings/users/${id}`;

/**
 * An admin revokes one of a person's API tokens: a plain form, so it works without JavaScript.
 * Someone the admin may not manage, another organization's person or token: the same 404.
 */
export const revokeUserToken = orgFormAction('users.manage', adminTokenSchema, async (input, { db, current, meta }) => {
  const result = await revokeTokenOf(db, actorOf(current), input, meta);
  if (!result.ok) notFound();
  revalidatePath(userPath(input.userId));
  await setFlash(userPath(input.userId), { status: 'success', key: 'tokens.revoked', values: { name: result.name } });
  redirect(`${userPath(input.userId)}#tokens-title`);
});
