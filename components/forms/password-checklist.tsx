'use client';

import { useTranslations } from 'use-intl';

import { PASSWORD_RULES, ruleState, type PasswordContext } from '@/lib/security/password-policy';

const MARKS = { met: '✓', notMet: '○', onSave: '•' } as const;

const TONES = {
  met: 'text-green-700 dark:text-green-400',
  notMet: 'muted',
  onSave: 'muted',
} as const;

/**
 * Every rule the server applies to a new password (PASSWORD_RULES), ticked live as the person
 * types. What the browser cannot judge is marked "checked when you save": the common-password list
 * (it stays on the server) and, when the page passes no `personal` details, the personal rule.
 * Without JavaScript it is the list of rules, none ticked.
 */
export function PasswordChecklist({ id, value, personal }: { id?: string; value: string; personal?: PasswordContext }) {
  const t = useTranslations('passwordRules');
  return (
    <ul id={id} aria-label={t('title')} className="grid gap-1 text-xs sm:grid-cols-2">
      {PASSWORD_RULES.map((rule) => {
        const state = ruleState(rule, value, personal);
        return (
          <li
            key={rule.id}
            data-rule={rule.id}
            data-state={state}
            className={`${TONES[state]} ${rule.needs === 'password' ? '' : 'sm:col-span-2'}`}
          >
            <span aria-hidden>{MARKS[state]}</span> {t(rule.id)}{' '}
            {state === 'onSave' ? <span>{t('onSave')}</span> : <span className="sr-only">{t(state)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
