import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { userPage } from '@/lib/auth/pages';
import { formatDateTime, userIntl } from '@/lib/format';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/config';
import { getT } from '@/lib/i18n/server';
import { canonicalTimeZone, timeZoneOptions } from '@/lib/i18n/time-zones';

import { RegionalForm } from './regional-form';
import type { ZoneChoice } from './time-zone-picker';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.regional.title') };
}

export default userPage(async function RegionalPage({ current }) {
  const { user } = current;
  const t = await getT();
  const { locale } = userIntl(user);
  // A zone saved under another spelling (an older ICU's alias) still selects its entry.
  const selected = user.timeZone ? (canonicalTimeZone(user.timeZone) ?? '') : '';
  const zones: ZoneChoice[] = timeZoneOptions(locale).map((o) => ({
    value: o.id,
    label: o.label,
    hint: o.name,
    offset: o.offsetMinutes,
  }));
  if (!selected) zones.unshift({ value: '', label: t('regional.timeZoneNotSet') });
  const now = new Date();

  return (
    <>
      <PageHeading title={t('sections.regional.title')} description={t('sections.regional.description')} />
      {/* No card title: a region named "… time zone" would share the field's accessible name. */}
      <Card>
        {selected ? null : (
          <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            {t('regional.notSetNotice')}
          </p>
        )}
        <RegionalForm
          locale={locale}
          timeZone={selected}
          languages={LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] }))}
          zones={zones}
          now={t('regional.now', { time: formatDateTime(now, user) })}
        />
      </Card>
    </>
  );
});
