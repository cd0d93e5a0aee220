'use client';

import { useTranslations } from 'use-intl';

import { Link } from '@/components/ui/link';

/**
 * What a page that does not exist (or is not the reader's to see) says, wherever it is shown.
 * Every page carries the not-found answer of each of its layouts in its React payload; as a client
 * component with its words in the shell's messages, each copy is a reference of a few bytes
 * instead of the whole message again.
 */
export function NotFoundMessage() {
  const t = useTranslations('notFound');
  return (
    <div className="flex flex-col items-center gap-3 py-10 text-center">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm muted">{t('body')}</p>
      <Link href="/" className="text-sm font-medium text-brand-700 underline underline-offset-4 dark:text-brand-100">
        {t('home')}
      </Link>
    </div>
  );
}
