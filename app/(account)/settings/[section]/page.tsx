import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ComingSoon } from '@/components/shell/settings-frame';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { ACCOUNT_SECTIONS, descriptionKey, titleKey } from '@/lib/settings/sections';

type Props = { params: Promise<{ section: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section: slug } = await params;
  const section = ACCOUNT_SECTIONS.find((s) => s.slug === slug);
  const t = await getT();
  return { title: section ? t(titleKey(section)) : t('menu.settings') };
}

/** Sections without a page of their own yet. */
export default userPage<Props>(async function AccountSectionPage({ params }) {
  const { section: slug } = await params;
  const section = ACCOUNT_SECTIONS.find((s) => s.slug === slug);
  if (!section) notFound();
  const t = await getT();
  return (
    <ComingSoon
      title={t(titleKey(section))}
      description={t(descriptionKey(section))}
      comingSoon={t('common.comingSoon')}
    />
  );
});
