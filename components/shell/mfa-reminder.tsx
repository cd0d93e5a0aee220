import { Link } from '@/components/ui/link';
import type { CurrentUser } from '@/lib/auth/current';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { mfaRequirement } from '@/lib/security/mfa-requirement';

/**
 * During the grace period of the organization's two-factor requirement, a reminder on every
 * settings page with the deadline in the person's own zone; nothing once they have set it up.
 */
export async function MfaReminder({ current }: { current: Pick<CurrentUser, 'org' | 'user'> }) {
  const requirement = mfaRequirement(current.org, current.user);
  if (requirement.kind !== 'grace') return null;
  const t = await getT();
  return (
    <div
      id="mfa-reminder"
      className="mb-6 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>
        {t('security.graceBanner', {
          org: current.org.name,
          date: formatDateTime(requirement.deadline, current.user),
        })}
      </p>
      <Link href="/settings/security#two-factor" className="font-medium underline underline-offset-2">
        {t('security.graceSetUp')}
      </Link>
    </div>
  );
}
