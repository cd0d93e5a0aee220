import { buttonClass } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import type { Translator } from '@/lib/i18n/server';

/** The first value of a search parameter, or ''. */
export const searchParam = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * The people search of the roles views (a GET form, so it works without JavaScript): it returns to
 * `path` at `anchor` and keeps the other parameter of the view (`keep`), and says when the list
 * is cut short.
 */
export function PeopleSearch({
  t,
  path,
  anchor,
  q,
  keep,
  limited,
}: {
  t: Translator;
  path: string;
  anchor: string;
  q: string;
  keep?: { name: string; value: string };
  /** How many people the list shows at most, when more matched. */
  limited?: number;
}) {
  return (
    <>
      <form method="get" action={`${path}#${anchor}`} className="flex flex-wrap items-start gap-x-3 gap-y-2">
        {keep ? <input type="hidden" name={keep.name} value={keep.value} /> : null}
        <div className="min-w-0 flex-1">
          <Field id="find-people" label={t('orgRoles.findPeople')} hint={t('orgRoles.findPeopleHint')}>
            <Input type="search" name="q" defaultValue={q} maxLength={100} autoComplete="off" />
          </Field>
        </div>
        {/* Level with the input: the label above it is 1.625rem tall with its gap. */}
        <button type="submit" className={buttonClass('secondary', 'mt-[1.625rem]')}>
          {t('orgRoles.search')}
        </button>
        {q ? (
          <Link
            href={`${path}${keep ? `?${keep.name}=${encodeURIComponent(keep.value)}` : ''}#${anchor}`}
            className={buttonClass('ghost', 'mt-[1.625rem]')}
          >
            {t('orgRoles.clearSearch')}
          </Link>
        ) : null}
      </form>
      {limited ? <p className="text-sm muted">{t('orgRoles.peopleLimited', { count: limited })}</p> : null}
    </>
  );
}
