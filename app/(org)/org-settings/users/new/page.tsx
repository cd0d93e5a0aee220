import { domainToUnicode } from 'node:url';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { getCurrentPermissions } from '@/lib/auth/current';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { mayInvite } from '@/lib/settings/org-nav';

import { InviteUserForm } from './invite-user-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('invites.newUser.title') };
}

/** Open to whoever the organization's invite policy lets invite (mayInvite); everyone else gets a 404. */
export default userPage(async function NewUserPage({ current }) {
  const { org } = current;
  const permissions = await getCurrentPermissions();
  // The same rule as the navigation and the users page's link (and the action behind the form).
  const rights = mayInvite(current, permissions);
  if (!rights) notFound();
  const t = await getT();
  const canList = permissions.has('users.read');
  return (
    <>
      <PageHeading
        title={t('invites.newUser.title')}
        description={t('invites.newUser.description', { org: org.name })}
      />
      <Card title={t('invites.newUser.cardTitle')} id="invite" description={t('invites.newUser.cardDescription')}>
        <InviteUserForm
          roles={rights.roles}
          allowedDomains={org.allowedEmailDomains.map((d) => domainToUnicode(d) || d)}
          backHref={canList ? '/org-settings/users' : null}
        />
      </Card>
    </>
  );
});
