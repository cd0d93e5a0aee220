import Link from 'next/link';

import { getT } from '@/lib/i18n/server';

/** The message after a redirect-after-POST (`?notice=`), announced like a form's success. */
export function Notice({ children }: { children: string }) {
  return (
    <p
      role="status"
      className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200"
    >
      {children}
    </p>
  );
}

/** `?page=` from the URL: a positive integer, else the first page. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

const linkClass =
  'rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

export async function Pagination({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  if (pages <= 1) return null;
  const t = await getT();
  return (
    <nav aria-label={t('groups.pagination')} className="mt-4 flex items-center justify-between gap-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={linkClass} rel="prev">
          {t('groups.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-zinc-600 dark:text-zinc-400">{t('groups.pageOf', { page, pages })}</span>
      {page < pages ? (
        <Link href={href(page + 1)} className={linkClass} rel="next">
          {t('groups.next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
