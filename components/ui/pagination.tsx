import { Link } from '@/components/ui/link';
import { getT } from '@/lib/i18n/server';

const linkClass =
  'rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

/** "Previous", "Page 2 of 5", "Next" under a list; nothing when everything fits on one page. */
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
    <nav aria-label={t('common.pagination')} className="mt-4 flex items-center justify-between gap-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={linkClass} rel="prev">
          {t('common.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">{t('common.pageOf', { page, pages })}</span>
      {page < pages ? (
        <Link href={href(page + 1)} className={linkClass} rel="next">
          {t('common.next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** `?page=` from the URL: a positive integer, else the first page. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}
