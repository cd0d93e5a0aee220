import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { GroupForm } from '../group-form';
import { GROUPS_PATH } from '../paths';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('groups.newGroup') };
}

export default permissionPage('groups.manage', async function NewGroupPage() {
  const t = await getT();
  return (
    <>
      <Link
        href={GROUPS_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('groups.backToGroups')}
      </Link>
      <PageHeading title={t('groups.newGroup')} description={t('groups.newGroupDescription')} />
      <Card>
        <GroupForm />
      </Card>
    </>
  );
});
