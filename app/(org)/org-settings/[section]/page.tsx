import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ComingSoon } from '@/components/shell/settings-frame';
import { orgAreaPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { descriptionKey, ORG_SECTIONS, titleKey } from '@/lib/settings/sections';

type Props = { params: Promise<{ section: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section: slug } = await params;
  const section = ORG_SECTIONS.find((s) => s.slug === slug);
  const t = await getT();
  return { title: section ? t(titleKey(section)) : t('menu.orgSettingsNav') };
}

/** Sections without a page of their own yet; the layout and this page both check access. */
export default orgAreaPage<Props>(async function OrgSectionPage({ params }) {
  const { section: slug } = await params;
  const section = ORG_SECTIONS.find((s) => s.slug === slug);
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
