import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { userPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import type { PushDevice } from '@/lib/notifications/push';

import { removePushDevice } from './push-actions';
import { PushEnable } from './push-enable';

const PAGE = '/settings/notifications';

/** "Browser notifications": enable push in this browser, and the list of browsers with a remove button. */
export const PushCard = userPage<{ devices: PushDevice[]; publicKey: string }>(async function PushCard({
  devices,
  publicKey,
  current,
}) {
  const { user } = current;
  const t = await getT();
  return (
    <Card title={t('push.title')} id="push" description={t('push.intro')}>
      <div className="mb-3 empty:hidden">
        <FlashNotice path={PAGE} keys={['push.removed']} />
      </div>
      {publicKey ? (
        <PushEnable
          publicKey={publicKey}
          texts={{
            enable: t('push.enable'),
            unsupported: t('push.unsupported'),
            denied: t('push.denied'),
            failed: t('push.failed'),
            enabled: t('push.enabled'),
          }}
        />
      ) : (
        <p className="text-sm muted">{t('push.notConfigured')}</p>
      )}
      <h3 className="mt-5 mb-1 text-sm font-semibold" id="push-devices">
        {t('push.devices')}
      </h3>
      {devices.length ? (
        <ul aria-labelledby="push-devices" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {devices.map((device) => {
            const labelId = `push-device-${device.id.slice(0, 12)}`;
            return (
              <li key={device.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="text-sm" id={labelId}>
                  <p className="font-medium">{device.deviceName || t('auditLog.unknownBrowser')}</p>
                  <p className="muted">
                    {t('push.enabledAt', { date: formatDateTime(device.createdAt, user) })}
                    {' · '}
                    {device.lastSuccessAt
                      ? t('push.lastDelivered', { date: formatDateTime(device.lastSuccessAt, user) })
                      : t('push.neverDelivered')}
                  </p>
                </div>
                <form action={removePushDevice}>
                  <input type="hidden" name="deviceId" value={device.id} />
                  <button type="submit" className={buttonClass('secondary')} aria-describedby={labelId}>
                    {t('push.remove')}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm muted">{t('push.none')}</p>
      )}
    </Card>
  );
});
