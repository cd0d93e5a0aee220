'use server';

import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { getCurrentSession } from '@/lib/auth/current';
import { startSession } from '@/lib/auth/start-session';
import { acceptInvitation as accept, findInvitation } from '@/lib/org/accept-invitation';
import { checkPassword } from '@/lib/security/common-passwords';

import { acceptInvitationSchema } from './schema';

export const acceptInvitation = publicAction(acceptInvitationSchema, async (input, { db, meta }) => {
  const invitation = await findInvitation(db, input.token);
  if (!invitation || invitation.state !== 'pending') {
    return failure('invite.invalid');
  }
  const signedIn = await getCurrentSession();
  if (signedIn && signedIn.user.email !== invitation.email) {
    return failure({ key: 'invite.otherAccount', values: { current: signedIn.user.email, email: invitation.email } });
  }
  if (!invitation.domainAllowed) return failure('invites.errors.acceptDomainNotAllowed');
  const problems = checkPassword(input.password, {
    email: invitation.email,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    orgName: invitation.orgName,
  });
  if (problems.length) return failure('errors.password.stronger', { password: problems });
  const result = await accept(db, input.token, input.password, meta);
  if (!result.ok) {
    return failure(
      result.reason === 'exists'
        ? 'invite.exists'
        : result.reason === 'domain'
          ? 'invites.errors.acceptDomainNotAllowed'
          : 'invite.invalid',
    );
  }
  await startSession(db, { userId: result.userId, orgId: result.orgId, mfaPending: false, meta });
  redirect('/settings/profile');
});
