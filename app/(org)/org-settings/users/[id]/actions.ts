'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { orgAction, orgFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { actorOf } from '@/lib/org/actor';
import { cancelEmailChange, requestEmailChange, resendEmailChange } from '@/lib/org/email-change';
import { changeUserRole, deactivateUser, reactivateUser } from '@/lib/org/user-admin';
import {
  changeEmailSchema,
  changeRoleSchema,
  deactivateSchema,
  pendingEmailSchema,
  reactivateSchema,
} from '@/lib/org/user-schemas';

const LIST = '/org-settings/users';
const userPath = (id: string) => `${LIST}/${id}`;

function refresh(id: string) {
  revalidatePath(userPath(id));
  revalidatePath(LIST);
}

export const changeEmail = orgAction(
  'users.manage',
  changeEmailSchema,
  async (input, { db, current, meta, values }) => {
    const result = await requestEmailChange(db, actorOf(current), input.userId, input.email, meta);
    switch (result) {
      case 'not-found':
        notFound();
      case 'outranked':
        return failure('orgUsers.user.outranked', undefined, values);
      case 'unchanged':
        return failure('orgUsers.email.unchanged', { email: ['orgUsers.email.unchanged'] }, values);
      case 'taken':
        return failure('orgUsers.email.taken', { email: ['orgUsers.email.taken'] }, values);
      case 'requested':
        await kickMailQueue();
        refresh(input.userId);
        return success('orgUsers.email.requested');
    }
  },
);

/**
 * The buttons beside a waiting email change: plain forms, so they work without JavaScript. The
 * page says what happened (the flash); someone the admin may not manage is a 404.
 */
function pendingEmailAction(
  change: typeof resendEmailChange,
  doneKey: 'orgUsers.email.resent' | 'orgUsers.email.cancelled',
) {
  return orgFormAction('users.manage', pendingEmailSchema, async (input, { db, current, meta }) => {
    const result = await change(db, actorOf(current), input.userId, meta);
    if (!result.done && result.reason !== 'none') notFound();
    if (result.done) await kickMailQueue();
    await setFlash(
      userPath(input.userId),
      result.done
        ? { status: 'success', key: doneKey, values: { email: result.email } }
        : { status: 'error', key: 'orgUsers.email.nonePending' },
    );
    refresh(input.userId);
  });
}

export const resendEmailChangeLink = pendingEmailAction(resendEmailChange, 'orgUsers.email.resent');

export const cancelPendingEmailChange = pendingEmailAction(cancelEmailChange, 'orgUsers.email.cancelled');

export const changeRole = orgAction('users.manage', changeRoleSchema, async (input, { db, current, meta, values }) => {
  const result = await changeUserRole(db, actorOf(current), input, meta);
  switch (result) {
    case 'not-found':
      notFound();
    case 'outranked':
      return failure('orgUsers.user.outranked', undefined, values);
    case 'unchanged':
      return failure('orgUsers.role.unchanged', { role: ['orgUsers.role.unchanged'] }, values);
    case 'owner-only':
      return failure('orgUsers.role.ownerOnly', { role: ['orgUsers.role.ownerOnly'] }, values);
    case 'admin-only':
      return failure('orgUsers.role.adminOnly', { role: ['orgUsers.role.adminOnly'] }, values);
    case 'last-owner':
      return failure('orgUsers.role.lastOwner', { role: ['orgUsers.role.lastOwner'] }, values);
    case 'changed': {
      refresh(input.userId);
      return success({ key: 'orgUsers.role.changed', values: { role: { key: `roles.${input.role}.label` } } });
    }
  }
});

/** Success redirects (the page then shows the other form), with the message for the page. */
export const deactivate = orgAction('users.manage', deactivateSchema, async (input, { db, current, meta }) => {
  const result = await deactivateUser(db, actorOf(current), input, meta);
  switch (result) {
    case 'not-found':
      notFound();
    case 'self':
      return failure('orgUsers.deactivate.self');
    case 'outranked':
      return failure('orgUsers.user.outranked');
    case 'already':
      return failure('orgUsers.deactivate.already');
    case 'last-owner':
      return failure('orgUsers.deactivate.lastOwner');
    case 'deactivated':
      refresh(input.userId);
      await setFlash(userPath(input.userId), { status: 'success', key: 'orgUsers.deactivate.done' });
      redirect(userPath(input.userId));
  }
});

export const reactivate = orgAction('users.manage', reactivateSchema, async (input, { db, current, meta }) => {
  const result = await reactivateUser(db, actorOf(current), input, meta);
  switch (result) {
    case 'not-found':
      notFound();
    case 'outranked':
      return failure('orgUsers.user.outranked');
    case 'not-deactivated':
      return failure('orgUsers.reactivate.notDeactivated');
    case 'reactivated':
      refresh(input.userId);
      await setFlash(userPath(input.userId), { status: 'success', key: 'orgUsers.reactivate.done' });
      redirect(userPath(input.userId));
  }
});
