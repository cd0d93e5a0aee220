import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { LinkedAccountSection } from './linked-account';
import { MailboxSection } from './mailbox-section';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.connections.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default userPage<Props>(async function ConnectionsPage({ current, db, searchParams }) {
  const t = await getT();
  const query = await searchParams;
  return (
    <>
      <PageHeading title={t('sections.connections.title')} description={t('sections.connections.description')} />
      <div className="space-y-6">
        <LinkedAccountSection current={current} db={db} query={query} />
        <MailboxSection current={current} db={db} query={query} />
      </div>
    </>
  );
});
