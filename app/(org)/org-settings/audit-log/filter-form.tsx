import { buttonClass } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import type { MessageKey } from '@/lib/i18n/message';
import type { Translator } from '@/lib/i18n/server';

type Props = {
  t: Translator;
  values: { actor: string; action: string; from: string; to: string };
  errors: Partial<Record<'action' | 'from' | 'to', MessageKey>>;
  actionOptions: Array<{ value: string; label: string }>;
  filtered: boolean;
};

/** A plain GET form: filters live in the address, so a filtered view can be bookmarked or shared. */
export function AuditFilterForm({ t, values, errors, actionOptions, filtered }: Props) {
  const [all, ...rest] = actionOptions;
  const groups = rest.filter((o) => o.value.endsWith('.*'));
  const single = rest.filter((o) => !o.value.endsWith('.*'));
  const errorList = (key: 'action' | 'from' | 'to') => {
    const error = errors[key];
    return error ? [t(error)] : undefined;
  };
  return (
    <form method="get" action="/org-settings/audit-log" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="audit-actor" label={t('auditLog.actor')} hint={t('auditLog.actorHint')}>
          <Input type="search" name="actor" defaultValue={values.actor} maxLength={100} autoComplete="off" />
        </Field>
        <Field id="audit-action" label={t('auditLog.action')} errors={errorList('action')}>
          <Select name="action" defaultValue={values.action}>
            <option value={all.value}>{all.label}</option>
            <optgroup label={t('auditLog.actionGroups')}>
              {groups.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('auditLog.singleActions')}>
              {single.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          </Select>
        </Field>
        <Field id="audit-from" label={t('auditLog.from')} errors={errorList('from')}>
          <Input type="date" name="from" defaultValue={values.from} />
        </Field>
        <Field id="audit-to" label={t('auditLog.to')} errors={errorList('to')}>
          <Input type="date" name="to" defaultValue={values.to} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass('primary')}>
          {t('auditLog.apply')}
        </button>
        {filtered ? (
          <Link href="/org-settings/audit-log" className={buttonClass('ghost')}>
            {t('auditLog.clear')}
          </Link>
        ) : null}
      </div>
    </form>
  );
}
