'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';

/** Copies the backup codes; rendered only once JavaScript runs (the download works without it). */
export function CopyCodesButton({ codes }: { codes: string[] }) {
  const t = useTranslations('security');
  const [mounted, setMounted] = useState(false);
  const [copied, setCopied] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the button exists only when scripts run
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <button
      type="button"
      className={buttonClass('secondary')}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(codes.join('\n'));
          setCopied(true);
        } catch {
          setCopied(false);
        }
      }}
    >
      <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
    </button>
  );
}
