import { and, count, eq, ne } from 'drizzle-orm';
import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import { requirePermission } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';

import { SecurityPolicyForm } from './security-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.security.title') };
}

export default async function OrgSecurityPage() {
  const { org } = await requirePermission('policies.manage');
  const t = await getT();
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, org.id), eq(users.mfaEnabled, false), ne(users.status, 'deactivated')));
  return (
    <>
      <PageHeading title={t('orgSections.security.title')} description={t('orgSections.security.description')} />
      <Card title={t('orgSecurity.policyTitle')} id="policy" description={t('orgSecurity.policyIntro')}>
        <SecurityPolicyForm
          requireMfa={org.requireMfa}
          sessionIdleMinutes={org.sessionIdleMinutes}
          sessionAbsoluteHours={org.sessionAbsoluteHours}
          withoutMfa={row?.n ?? 0}
        />
      </Card>
    </>
  );
}
