import { Link } from '@/components/ui/link';
import { getT } from '@/lib/i18n/server';

export default async function NotFound() {
  const t = await getT();
  return (
    <main id="content" className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('notFound.body')}</p>
      <Link href="/" className="text-sm font-medium text-brand-700 underline underline-offset-4 dark:text-brand-100">
        {t('notFound.home')}
      </Link>
    </main>
  );
}
