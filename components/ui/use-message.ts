'use client';

import { useTranslations } from 'use-intl';

import { looksLikeKey } from '@/lib/i18n/config';

/** Translates message keys (from shared zod schemas) in the browser; plain text passes through. */
export function useMessage(): (message: string) => string {
  const t = useTranslations();
  return (message) => (looksLikeKey(message) && t.has(message as never) ? t(message as never) : message);
}
