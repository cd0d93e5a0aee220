import { Link } from '@/components/ui/link';
import { getT } from '@/lib/i18n/server';

/** What a page that does not exist (or is not the reader's to see) says, wherever it is shown. */
export async function NotFoundMessage() {
  const t = await getT();
  return (
    <div className="flex flex-col items-center gap-3 py-10 text-center">
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('notFound.body')}</p>
      <Link href="/" className="text-sm font-medium text-brand-700 underline underline-offset-4 dark:text-brand-100">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
