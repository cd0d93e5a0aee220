import { notFound, redirect } from 'next/navigation';

import { getCurrentPermissions } from '@/lib/auth/current';
import { orgAreaPage } from '@/lib/auth/pages';
import { visibleOrgSections } from '@/lib/settings/org-nav';

export default orgAreaPage(async function OrgSettingsIndex({ current }) {
  const first = visibleOrgSections(current, await getCurrentPermissions())[0];
  if (!first) notFound();
  redirect(`/org-settings/${first.slug}`);
});
