import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AuthCard } from '@/components/shell/auth-card';
import { Link } from '@/components/ui/link';
import { getCurrentSession } from '@/lib/auth/current';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { findInvitation } from '@/lib/org/accept-invitation';

import { AcceptInvitationForm } from './accept-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('invite.title'), referrer: 'no-referrer' };
}

export default publicPage<{ params: Promise<{ token: string }> }>({}, async function InvitationPage({ params, db }) {
  const { token } = await params;
  const invitation = await orUnavailable(() => findInvitation(db, token));
  if (!invitation) notFound();
  const t = await getT();
  if (invitation.state !== 'pending') {
    return (
      <AuthCard
        title={t('invite.title')}
        footer={
          <Link className="underline" href="/sign-in">
            {t('common.goToSignIn')}
          </Link>
        }
      >
        <p role="alert" className="text-sm">
          {t(`invite.${invitation.state}`)}
        </p>
      </AuthCard>
    );
  }
  const current = await orUnavailable(getCurrentSession);
  const otherAccount = current && current.user.email !== invitation.email ? current.user.email : null;
  return (
    <AuthCard
      title={t('invite.join', { org: invitation.orgName })}
      intro={
        // No person: the instance's administrator made the organization and invited its owner.
        invitation.inviterName
          ? t('invite.introBy', { inviter: invitation.inviterName, org: invitation.orgName, email: invitation.email })
          : t('invite.introByInstance', { org: invitation.orgName, email: invitation.email })
      }
    >
      {otherAccount ? (
        <p role="alert" className="text-sm">
          {t('invite.otherAccount', { current: otherAccount, email: invitation.email })}
        </p>
      ) : (
        <AcceptInvitationForm
          token={token}
          email={invitation.email}
          personal={{
            email: invitation.email,
            firstName: invitation.firstName,
            lastName: invitation.lastName,
            orgName: invitation.orgName,
          }}
        />
      )}
    </AuthCard>
  );
});
