'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { orgFormAction } from '@/lib/actions/define';
import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { findOrgUser, mayManage } from '@/lib/org/user-admin';
import { removeAllPasskeys } from '@/lib/passkeys/manage';

const userPath = (id: string) => `/org-settings/users/${id}`;

/**
 * An admin removes a person's passkeys (a lost device): only for someone they may manage in
 * their own organization; anyone else is the same 404.
 */
export const removeUserPasskeys = orgFormAction(
  'users.manage',
  z.object({ userId: fields.uuid() }),
  async (input, { db, current, meta }) => {
    const target = await findOrgUser(db, current.org.id, input.userId);
    if (!target || !(await mayManage(db, current.user, target))) notFound();
    const count = await removeAllPasskeys(db, { id: current.user.id, orgId: current.org.id }, target, meta);
    if (count) await kickMailQueue();
    revalidatePath(userPath(target.id));
    await setFlash(userPath(target.id), { status: 'success', key: 'passkeys.removedAll', values: { count } });
    redirect(`${userPath(target.id)}#passkeys-title`);
  },
);
