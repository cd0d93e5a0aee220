'use client';

import { useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';

import {
  currentInstallOffer,
  installedFromHere,
  subscribeInstallOffer,
  takeInstallOffer,
} from '@/components/pwa/service-worker';
import { Button } from '@/components/ui/button';

/**
 * `server`: the HTML without scripts, and before they run: the menu paths. `app`: this page is
 * open in the installed app. `installed`: installed from this page just now. `offered`: the
 * browser offers to install, so the button asks it. `manual`: no offer, the menu paths again.
 */
type View = 'server' | 'app' | 'installed' | 'offered' | 'manual';

function currentView(): View {
  const standalone =
    matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
  if (standalone) return 'app';
  if (installedFromHere()) return 'installed';
  return currentInstallOffer() ? 'offered' : 'manual';
}

const serverView = (): View => 'server';

/** The "Install app" card's body: the browser's own install dialog where it offers one, else where its menu has it. */
export function InstallApp() {
  const t = useTranslations('installApp');
  const view = useSyncExternalStore(subscribeInstallOffer, currentView, serverView);
  const [outcome, setOutcome] = useState<'accepted' | 'dismissed' | null>(null);
  const [pending, setPending] = useState(false);

  async function install() {
    const offer = takeInstallOffer();
    if (!offer) return;
    setPending(true);
    try {
      await offer.prompt();
      setOutcome((await offer.userChoice).outcome);
    } catch {
      setOutcome('dismissed');
    } finally {
      setPending(false);
    }
  }

  if (view === 'app' || view === 'installed' || outcome === 'accepted') {
    return (
      <p role="status" className="text-sm">
        {t(view === 'app' ? 'standalone' : 'installed')}
      </p>
    );
  }
  if (view === 'offered' || pending) {
    return (
      <div className="space-y-3 text-sm">
        <p>{t('offered')}</p>
        <Button type="button" onClick={install} pending={pending}>
          {t('install')}
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm">
      {outcome === 'dismissed' ? <p role="status">{t('dismissed')}</p> : null}
      {view === 'manual' && !isSecureContext ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {t('insecure')}
        </p>
      ) : null}
      <p>{t('manual')}</p>
      <ul className="list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-300">
        <li>{t('chromeEdge')}</li>
        <li>{t('safariIos')}</li>
        <li>{t('safariMac')}</li>
        <li>{t('firefoxAndroid')}</li>
      </ul>
    </div>
  );
}
