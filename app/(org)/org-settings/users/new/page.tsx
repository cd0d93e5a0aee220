import { domainToUnicode } from 'node:url';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { currentUserCan, requireUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { getInviteRights } from '@/lib/org/invite';

import { InviteUserForm } from './invite-user-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('invites.newUser.title') };
}

/** Open to whoever the organization's invite policy lets invite; everyone else gets a 404. */
export default async function NewUserPage() {
  const { user, org } = await requireUser();
  const rights = await getInviteRights(await getDb(), user, org.invitePolicy);
  if (!rights) notFound();
  const t = await getT();
  const canList = await currentUserCan('users.read');
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
}
