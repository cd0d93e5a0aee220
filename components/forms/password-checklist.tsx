'use client';

import { useTranslations } from 'use-intl';

import { PASSWORD_RULES } from '@/lib/security/password-policy';

/** Live list of the password rules; rendered only once JavaScript runs (the server says the same on submit). */
export function PasswordChecklist({ value }: { value: string }) {
  const t = useTranslations('passwordRules');
  if (!value) return null;
  return (
    <ul aria-label={t('title')} className="grid gap-1 text-xs sm:grid-cols-2">
      {PASSWORD_RULES.map((rule) => {
        const ok = rule.test(value);
        return (
          <li key={rule.id} className={ok ? 'text-green-700 dark:text-green-400' : 'text-zinc-600 dark:text-zinc-400'}>
            <span aria-hidden>{ok ? '✓' : '○'}</span> {t(rule.id)}
            <span className="sr-only"> {ok ? t('met') : t('notMet')}</span>
          </li>
        );
      })}
    </ul>
  );
}
