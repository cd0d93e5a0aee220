'use server';

import { notFound, redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { startSession } from '@/lib/auth/start-session';
import { checkPassword } from '@/lib/security/common-passwords';
import { isSetupDone, runSetup } from '@/lib/setup/setup';

import { setupSchema } from './schema';

export const createOrganization = publicAction(setupSchema, async (input, { db, meta, values }) => {
  if (await isSetupDone(db)) notFound();
  const problems = checkPassword(input.password, {
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    orgName: input.orgName,
  });
  if (problems.length) return failure('errors.password.stronger', { password: problems }, values);
  const created = await runSetup(db, input, meta);
  if (!created) notFound();
  await startSession(db, { userId: created.userId, orgId: created.orgId, meta, mfaPending: false });
  redirect('/settings/profile');
});
