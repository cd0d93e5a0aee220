import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { BreakableEmail } from '@/components/ui/breakable-email';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { permissionPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { countWithoutMfa, listWithoutMfa } from '@/lib/org/policies';
import { mfaRequirement } from '@/lib/security/mfa-requirement';

import { personName, userPath } from '../users/users-table';
import { SecurityPolicyForm } from './security-form';

const LISTED = 50;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.security.title') };
}

export default permissionPage('policies.manage', async function OrgSecurityPage({ current, db }) {
  const { org, user } = current;
  const t = await getT();
  const [withoutMfa, people] = await Promise.all([countWithoutMfa(db, org.id), listWithoutMfa(db, org.id, LISTED)]);
  const grace = mfaRequirement(org, { mfaEnabled: false });
  return (
    <>
      <PageHeading title={t('orgSections.security.title')} description={t('orgSections.security.description')} />
      <Card title={t('orgSecurity.policyTitle')} id="policy" description={t('orgSecurity.policyIntro')}>
        <SecurityPolicyForm
          requireMfa={org.requireMfa}
          requiredFrom={grace.kind === 'grace' ? formatDateTime(grace.deadline, user) : null}
          sessionIdleMinutes={org.sessionIdleMinutes}
          sessionAbsoluteHours={org.sessionAbsoluteHours}
          withoutMfa={withoutMfa}
          selfWithoutMfa={user.mfaEnabled ? null : `${personName(user)} (${user.email})`}
        />
      </Card>
      <Card
        title={t('orgSecurity.withoutMfaTitle')}
        id="without-mfa"
        description={t('orgSecurity.withoutMfa', { count: withoutMfa })}
      >
        {people.length ? (
          <>
            <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
              {people.map((p) => (
                <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                  <Link
                    href={userPath(p.id)}
                    className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                  >
                    {personName(p)}
                  </Link>
                  <span className="muted">
                    <BreakableEmail email={p.email} />
                  </span>
                </li>
              ))}
            </ul>
            {withoutMfa > people.length ? (
              <p className="mt-3 text-sm muted">{t('orgSecurity.andMore', { count: withoutMfa - people.length })}</p>
            ) : null}
          </>
        ) : null}
      </Card>
    </>
  );
});
