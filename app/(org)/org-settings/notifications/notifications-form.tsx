'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { eventFieldName, NOTIFICATION_EVENTS, type NotificationEvent } from '@/lib/notifications/events';
import { notificationPolicySchema, type NotificationPolicyValues } from '@/lib/org/notification-policy-schema';

import { updateNotificationPolicy } from './actions';

type Props = { enabled: boolean; disabledEvents: string[] };

const checkboxClass = 'mt-0.5 size-4 shrink-0 accent-brand-600 disabled:opacity-60';

export function NotificationPolicyForm({ enabled, disabledEvents }: Props) {
  const t = useTranslations('orgNotifications');
  const root = useTranslations();
  const { state, form, pending, formAction, onSubmit } = useActionForm<NotificationPolicyValues>(
    updateNotificationPolicy,
    notificationPolicySchema,
  );
  // After a failed post without JavaScript the boxes show what was sent.
  const sent = state.values;
  const isOn = (name: string, stored: boolean) => (sent ? sent[name] === 'on' : stored);
  const allOn = form.watch('enabled', isOn('enabled', enabled)) !== false;
  const channels = (e: NotificationEvent) => e.channels.map((c) => t(`channels.${c}`)).join(' · ');

  const row = (e: NotificationEvent) => {
    const id = `event-${eventFieldName(e.key)}`;
    return (
      <li key={e.key} className="flex items-start gap-3 py-3">
        {e.mandatory ? (
          <input
            type="checkbox"
            id={id}
            checked
            disabled
            readOnly
            aria-describedby={`${id}-hint`}
            className={checkboxClass}
          />
        ) : (
          <input
            type="checkbox"
            id={id}
            defaultChecked={isOn(eventFieldName(e.key), !disabledEvents.includes(e.key))}
            aria-describedby={`${id}-hint`}
            className={checkboxClass}
            {...form.register(eventFieldName(e.key))}
          />
        )}
        <div className="min-w-0 text-sm">
          <label htmlFor={id} className="font-medium">
            {root(e.labelKey)}
          </label>
          <p id={`${id}-hint`} className="text-xs muted">
            {root(e.descriptionKey)} <span className="whitespace-nowrap">({channels(e)})</span>
            {e.mandatory ? (
              <span className="mt-0.5 block font-medium text-zinc-700 dark:text-zinc-300">{t('mandatoryReason')}</span>
            ) : null}
          </p>
        </div>
      </li>
    );
  };

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      <div className="flex items-start gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <input
          type="checkbox"
          id="notifications-enabled"
          defaultChecked={isOn('enabled', enabled)}
          aria-describedby="notifications-enabled-hint"
          className={checkboxClass}
          {...form.register('enabled')}
        />
        <div className="text-sm">
          <label htmlFor="notifications-enabled" className="font-medium">
            {t('allNotifications')}
          </label>
          <p id="notifications-enabled-hint" className="text-xs muted">
            {t('allNotificationsHint')}
          </p>
        </div>
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t('eventsLegend')}</legend>
        <p className="mt-1 text-xs muted">{allOn ? t('eventsHint') : t('eventsHintAllOff')}</p>
        <ul className="mt-1 divide-y divide-zinc-200 dark:divide-zinc-800">
          {NOTIFICATION_EVENTS.filter((e) => !e.mandatory).map(row)}
        </ul>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium">{t('securityLegend')}</legend>
        <ul className="mt-1 divide-y divide-zinc-200 dark:divide-zinc-800">
          {NOTIFICATION_EVENTS.filter((e) => e.mandatory).map(row)}
        </ul>
      </fieldset>
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
