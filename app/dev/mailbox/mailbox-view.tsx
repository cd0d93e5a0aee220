import { notFound } from 'next/navigation';

import { getCurrentSession } from '@/lib/auth/current';
import { formatDateTime } from '@/lib/format';
import { catalogKey, getRequestIntl, getT, type RequestIntl, type Translator } from '@/lib/i18n/server';
import { isDevelopmentMailbox, mailboxViewerOf, readMailbox, type StoredMail } from '@/lib/mail/mailbox';

import { RetryForm, RetryStatus } from './retry-form';

const statusLabel = (t: Translator, status: string) => {
  const key = catalogKey(t, `mailbox.status.${status}`);
  return key ? t(key) : status;
};

/** Failed and delayed mail say so in words (a badge and a sentence), not only in colour. */
function AttentionDetails({
  mail,
  t,
  intl,
  retry,
}: {
  mail: StoredMail;
  t: Translator;
  intl: RequestIntl;
  retry: boolean;
}) {
  const attempts = mail.attempts ?? 0;
  return (
    <>
      <p className="mt-2 text-sm">
        {mail.attention === 'failed'
          ? t('mailbox.attention.failed', { attempts })
          : t('mailbox.attention.delayed', {
              attempts,
              next: mail.nextAttempt ? formatDateTime(mail.nextAttempt, intl) : '—',
            })}
      </p>
      {mail.lastError ? (
        <p className="mt-1 break-words text-xs text-zinc-700 dark:text-zinc-300">
          {t('mailbox.attention.lastError', { error: mail.lastError })}
        </p>
      ) : null}
      {!retry ? null : mail.retryable && mail.outboxId ? (
        <RetryForm mailId={mail.outboxId} label={t('mailbox.retry.button')} />
      ) : (
        <p className="mt-2 text-xs text-zinc-700 dark:text-zinc-300">{t('mailbox.attention.invitationGone')}</p>
      )}
    </>
  );
}

/**
 * Development without SMTP: open to anyone. Otherwise (production, or SMTP set) only an
 * organization's owners and admins, for their organization's mail; they see failed and delayed
 * mail first and may retry it.
 */
export async function MailboxView() {
  const development = isDevelopmentMailbox();
  const reader = development ? null : mailboxViewerOf(await getCurrentSession());
  if (!development && !reader) notFound();
  const { source, bodies, mails } = await readMailbox(reader);
  const t = await getT();
  const intl = await getRequestIntl();
  const failed = mails.filter((m) => m.attention === 'failed').length;
  const delayed = mails.filter((m) => m.attention === 'delayed').length;
  const list = (
    <ol className="mt-6 space-y-4">
      {mails.map((m) => (
        <li
          key={m.file}
          className={
            m.attention === 'failed'
              ? 'rounded-lg border-2 border-red-400 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950'
              : m.attention === 'delayed'
                ? 'rounded-lg border-2 border-amber-400 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950'
                : 'rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900'
          }
        >
          <article aria-label={m.subject}>
            <h2 className="font-medium">
              {m.attention ? (
                <strong className="mr-2 rounded bg-white px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide text-zinc-900 ring-1 ring-current dark:bg-zinc-900 dark:text-zinc-100">
                  {statusLabel(t, m.attention)}
                </strong>
              ) : null}
              {m.attention ? ' ' : null}
              <span>{m.subject}</span>
            </h2>
            <p className="text-xs muted">
              {t('mailbox.to', { to: m.to })} · {formatDateTime(m.date, intl)}
              {m.status && !m.attention ? ` · ${statusLabel(t, m.status)}` : null}
            </p>
            {m.attention ? <AttentionDetails mail={m} t={t} intl={intl} retry={!!reader} /> : null}
            {bodies && m.text !== undefined ? (
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{m.text}</pre>
            ) : null}
          </article>
        </li>
      ))}
    </ol>
  );
  return (
    <main id="content" className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="page-title">{t('mailbox.title')}</h1>
      <p className="description">{t(`mailbox.intro.${development ? 'development' : source}`)}</p>
      {bodies ? null : (
        <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          {t('mailbox.bodiesHidden')}
        </p>
      )}
      {failed + delayed > 0 ? (
        <p className="mt-3 text-sm font-medium">
          {t('mailbox.attention.summary', { count: failed + delayed, failed, delayed })}
        </p>
      ) : null}
      {mails.length === 0 ? <p className="mt-6 text-sm">{t('mailbox.empty')}</p> : null}
      {reader ? <RetryStatus>{list}</RetryStatus> : list}
    </main>
  );
}
