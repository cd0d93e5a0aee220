'use server';

import { notFound, redirect } from 'next/navigation';

import { orgFormAction } from '@/lib/actions/define';
import { z } from '@/lib/actions/zod';
import { startAuditExport } from '@/lib/exports/audit';
import { startGroupMembersExport } from '@/lib/exports/group-members';
import { startUsersExport } from '@/lib/exports/users';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';

/** Where the owner follows the export and downloads its file. */
const TASKS_PATH = '/settings/background-tasks';

/** The background tasks page says the export has started, then lists it. */
async function exportStarted(): Promise<never> {
  await setFlash(TASKS_PATH, { status: 'success', key: 'tasks.exportStarted' });
  redirect(TASKS_PATH);
}

/**
 * A filter as the page's address carries it. Anything malformed is no filter (as on the page);
 * the page's own parser reads the values again, and ids are looked up in the organization.
 */
const filter = z.catch(z._default(z.optional(z.string().check(z.maxLength(200))), ''), '');

/**
 * The "Export CSV" buttons: plain POST forms, so they work without JavaScript. Each checks the
 * page's permission before anything posted is read (else a 404), queues the export with the
 * page's current filters and goes to the background tasks, where the file appears when done.
 */
export const exportAuditLog = orgFormAction(
  'audit.read',
  z.object({ actor: filter, action: filter, from: filter, to: filter }),
  async (input, { db, current, meta }) => {
    const result = await startAuditExport(db, actorOf(current), input, meta);
    if (!result.ok) notFound();
    await exportStarted();
  },
);

export const exportGroupMembers = orgFormAction(
  'groups.manage',
  z.object({ groupId: filter }),
  async (input, { db, current, meta }) => {
    const result = await startGroupMembersExport(db, actorOf(current), input, meta);
    if (!result.ok) notFound();
    await exportStarted();
  },
);

export const exportUsers = orgFormAction(
  'users.read',
  z.object({ q: filter, status: filter, role: filter, group: filter, sort: filter }),
  async (input, { db, current }) => {
    const result = await startUsersExport(db, actorOf(current), input);
    if (!result.ok) notFound();
    await exportStarted();
  },
);
