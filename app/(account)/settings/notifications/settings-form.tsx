'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { DEADLINE_RANGES, REMINDER_MINUTES, type ResolvedNotificationOptions } from '@/lib/notifications/options';
import {
  notificationSettingsSchema,
  reminderChoice,
  type NotificationSettingsValues,
} from '@/lib/notifications/settings-schema';

import { updateNotificationSettings } from './actions';

/** One channel of one event as the person sees it now; null where the event lacks the channel. */
export type SwitchCell = {
  /** The stored key, also the field's name: `task.assigned.email`. */
  key: string;
  /** "Task assigned: Email". */
  label: string;
  on: boolean;
  /** Why the person may not change it (a sentence), or null. */
  lockReason: string | null;
};

export type EventRow = {
  key: string;
  label: string;
  description: string;
  lockReason: string | null;
  cells: (SwitchCell | null)[];
};
export type AppGroup = { app: string; title: string; rows: EventRow[] };

type Props = {
  groups: AppGroup[];
  channelNames: string[];
  /** `task.assigned.email`, which "Email on new tasks" sets. */
  emailOnNewTasks: SwitchCell;
  options: ResolvedNotificationOptions;
  approveByEmailOffered: boolean;
};

const checkboxClass = 'size-4 shrink-0 accent-brand-600 disabled:opacity-60';

/** 5 → "5 minutes", 60 → "1 hour", 1440 → "1 day". */
function useDuration() {
  const t = useTranslations('notifications');
  return (minutes: number) => {
    if (minutes % 1440 === 0) return t('days', { count: minutes / 1440 });
    if (minutes % 60 === 0) return t('hours', { count: minutes / 60 });
    return t('minutes', { count: minutes });
  };
}

export function NotificationSettingsForm({
  groups,
  channelNames,
  emailOnNewTasks,
  options,
  approveByEmailOffered,
}: Props) {
  const t = useTranslations('notifications');
  const duration = useDuration();
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<NotificationSettingsValues>(
    updateNotificationSettings,
    notificationSettingsSchema,
  );
  // After a post without JavaScript (saved or refused) the boxes show what the answer carries.
  const sent = state.values;
  const isOn = (name: string, stored: boolean) => (sent ? sent[name] === 'on' : stored);
  const strayErrors = Object.entries(state.fieldErrors ?? {}).filter(([name]) => name.includes('.'));

  const switchBox = (cell: SwitchCell, describedBy?: string) =>
    cell.lockReason ? (
      <input
        type="checkbox"
        checked={cell.on}
        disabled
        readOnly
        aria-label={cell.label}
        aria-describedby={describedBy}
        className={checkboxClass}
      />
    ) : (
      <input
        type="checkbox"
        name={cell.key}
        defaultChecked={isOn(cell.key, cell.on)}
        aria-label={cell.label}
        className={checkboxClass}
      />
    );

  const reminderSelect = (name: 'taskReminderMinutes' | 'calendarReminderMinutes', label: string, hint?: string) => (
    <Field id={name} label={label} hint={hint} errors={errorsFor(name)}>
      <Select defaultValue={valueOf(name, reminderChoice(options[name]))} {...form.register(name)}>
        <option value="never">{t('never')}</option>
        {REMINDER_MINUTES.map((m) => (
          <option key={m} value={String(m)}>
            {duration(m)}
          </option>
        ))}
      </Select>
    </Field>
  );

  const checkbox = (name: string, label: string, stored: boolean, hint?: ReactNode) => (
    <div className="flex items-start gap-3">
      <input
        type="checkbox"
        id={name}
        defaultChecked={isOn(name, stored)}
        aria-describedby={hint || errorsFor(name) ? `${name}-hint` : undefined}
        className={`mt-0.5 ${checkboxClass}`}
        {...form.register(name)}
      />
      <div className="min-w-0 text-sm">
        <label htmlFor={name} className="font-medium">
          {label}
        </label>
        {hint || errorsFor(name) ? (
          <div id={`${name}-hint`}>
            {hint ? <p className="text-xs muted">{hint}</p> : null}
            {errorsFor(name)?.map((e) => (
              <p key={e} className="text-sm text-red-700 dark:text-red-400">
                {e}
              </p>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );

  const section = (id: string, title: string, children: ReactNode, intro?: string) => (
    <section aria-labelledby={`${id}-title`} className="card">
      <header className="mb-4">
        <h2 id={`${id}-title`} className="section-title">
          {title}
        </h2>
        {intro ? <p className="description">{intro}</p> : null}
      </header>
      {children}
    </section>
  );

  const emailLockId = 'email-on-new-tasks-lock';

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-6">
      {section(
        'events',
        t('eventsTitle'),
        <div className="space-y-6">
          {groups.map((group) => (
            <div key={group.app}>
              <h3 id={`app-${group.app}`} className="text-sm font-semibold">
                {group.title}
              </h3>
              <div className="mt-2 overflow-x-auto">
                <table aria-labelledby={`app-${group.app}`} className="w-full table-fixed text-sm">
                  <thead>
                    <tr className="border-b border-zinc-200 text-left text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                      <th scope="col" className="py-2 pr-3 font-medium">
                        {t('event')}
                      </th>
                      {channelNames.map((name) => (
                        <th key={name} scope="col" className="w-16 px-1 py-2 text-center font-medium sm:w-24">
                          {name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                    {group.rows.map((row) => {
                      const reasonId = `lock-${row.key.replace(/\W/g, '-')}`;
                      return (
                        <tr key={row.key} className="align-top">
                          <th scope="row" className="py-2.5 pr-3 text-left font-normal">
                            <span className="font-medium">{row.label}</span>
                            <span className="block text-xs muted">{row.description}</span>
                            {row.lockReason ? (
                              <span
                                id={reasonId}
                                className="mt-0.5 block text-xs font-medium text-zinc-700 dark:text-zinc-300"
                              >
                                {row.lockReason}
                              </span>
                            ) : null}
                          </th>
                          {row.cells.map((cell, i) => (
                            <td key={i} className="px-1 py-2.5 text-center">
                              {cell === null ? (
                                <span className="text-zinc-400" title={t('notAvailable')}>
                                  <span aria-hidden="true">–</span>
                                  <span className="sr-only">{t('notAvailable')}</span>
                                </span>
                              ) : cell.key === emailOnNewTasks.key && !cell.lockReason ? (
                                <a href="#task-options-title" className="text-xs inline-link">
                                  {t('setInTaskOptions')}
                                </a>
                              ) : (
                                switchBox(cell, cell.lockReason ? reasonId : undefined)
                              )}
                            </td>
                          ))}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </div>,
        t('eventsIntro'),
      )}

      {section(
        'task-options',
        t('taskOptionsTitle'),
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="deadlineRange"
              label={t('deadlineRange')}
              hint={t('deadlineRangeHint')}
              errors={errorsFor('deadlineRange')}
            >
              <Select
                defaultValue={valueOf('deadlineRange', options.deadlineRange)}
                {...form.register('deadlineRange')}
              >
                {DEADLINE_RANGES.map((range) => (
                  <option key={range} value={range}>
                    {t(`deadlineRanges.${range}`)}
                  </option>
                ))}
              </Select>
            </Field>
            {reminderSelect('taskReminderMinutes', t('taskReminder'))}
          </div>
          {checkbox('showCrmTasksSeparately', t('showCrmTasksSeparately'), options.showCrmTasksSeparately)}
          {emailOnNewTasks.lockReason ? (
            <div className="flex items-start gap-3">
              <input
                type="checkbox"
                id="emailOnNewTasks"
                checked={emailOnNewTasks.on}
                disabled
                readOnly
                aria-describedby={emailLockId}
                className={`mt-0.5 ${checkboxClass}`}
              />
              <div className="text-sm">
                <label htmlFor="emailOnNewTasks" className="font-medium">
                  {t('emailOnNewTasks')}
                </label>
                <p id={emailLockId} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
                  {emailOnNewTasks.lockReason}
                </p>
              </div>
            </div>
          ) : (
            <div className="flex items-start gap-3">
              <input
                type="checkbox"
                id="emailOnNewTasks"
                name={emailOnNewTasks.key}
                defaultChecked={isOn(emailOnNewTasks.key, emailOnNewTasks.on)}
                className={`mt-0.5 ${checkboxClass}`}
              />
              <label htmlFor="emailOnNewTasks" className="text-sm font-medium">
                {t('emailOnNewTasks')}
              </label>
            </div>
          )}
          {approveByEmailOffered ? (
            checkbox('approveByEmail', t('approveByEmail'), options.approveByEmail, t('approveByEmailHint'))
          ) : (
            <div className="text-sm">
              <p className="font-medium">{t('approveByEmail')}</p>
              <p className="text-xs muted">{t('approveByEmailUnavailable')}</p>
              {errorsFor('approveByEmail')?.map((e) => (
                <p key={e} className="text-sm text-red-700 dark:text-red-400">
                  {e}
                </p>
              ))}
            </div>
          )}
        </div>,
      )}

      {section(
        'calendar',
        t('calendarTitle'),
        <div className="sm:w-1/2 sm:pr-2">
          {reminderSelect('calendarReminderMinutes', t('calendarReminder'), t('calendarReminderHint'))}
        </div>,
      )}

      {section(
        'chat',
        t('chatTitle'),
        checkbox('chatPopups', t('chatPopups'), options.chatPopups, t('chatPopupsHint')),
      )}

      {section(
        'digest',
        t('digestTitle'),
        checkbox('dailyDigest', t('dailyDigest'), options.dailyDigest, t('dailyDigestHint')),
      )}

      <div className="space-y-3">
        <FormStatus state={state} />
        {/* A switch that does not exist has no box to show its error next to (only a crafted post names one). */}
        {strayErrors.length ? (
          <ul className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
            {strayErrors.map(([name, errors]) => (
              <li key={name}>
                <code>{name}</code>: {errors.join(' ')}
              </li>
            ))}
          </ul>
        ) : null}
        <Button type="submit" pending={pending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
