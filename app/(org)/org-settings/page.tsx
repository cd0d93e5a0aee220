import { notFound, redirect } from 'next/navigation';

import { getCurrentPermissions, requireOrgAccess } from '@/lib/auth/current';
import { visibleOrgSections } from '@/lib/settings/org-nav';

export default async function OrgSettingsIndex() {
  const current = await requireOrgAccess();
  const first = visibleOrgSections(current, await getCurrentPermissions())[0];
  if (!first) notFound();
  redirect(`/org-settings/${first.slug}`);
}
