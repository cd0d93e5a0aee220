'use client';

import { useTranslations } from 'use-intl';

import { FALLBACK_MESSAGE, schemaMessage } from '@/lib/i18n/message';

/**
 * The text of an issue found by the browser's own run of a shared zod schema. The schemas set
 * every message to a catalog key, so this is a lookup, not a guess; what the server answers is
 * text already and never comes through here.
 */
export function useSchemaMessage(): (issueMessage: string) => string {
  const t = useTranslations();
  return (issueMessage) => {
    const key = schemaMessage(issueMessage);
    return t.has(key) ? t(key) : t(FALLBACK_MESSAGE);
  };
}
