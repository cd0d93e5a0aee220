import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getCurrentSession } from '@/lib/auth/current';
import { formatDateTime } from '@/lib/format';
import { getRequestIntl, getT } from '@/lib/i18n/server';
import { isDevelopmentMailbox, readMailbox, type MailboxViewer } from '@/lib/mail/mailbox';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('mailbox.title') };
}

/**
 * Development without SMTP: open to anyone. Otherwise (production, or SMTP set) only an
 * organization's owners and admins, for their organization's mail.
 */
async function viewer(): Promise<MailboxViewer | null> {
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return null;
  if (current.user.role !== 'owner' && current.user.role !== 'admin') return null;
  if (current.org.requireMfa && !current.user.mfaEnabled) return null;
  return { orgId: current.org.id, email: current.user.email };
}

export default async function MailboxPage() {
  await connection();
  const development = isDevelopmentMailbox();
  const reader = development ? null : await viewer();
  if (!development && !reader) notFound();
  const { source, bodies, mails } = await readMailbox(reader);
  const t = await getT();
  const intl = await getRequestIntl();
  return (
    <main id="content" className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">{t('mailbox.title')}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t(`mailbox.intro.${development ? 'development' : source}`)}</p>
      {bodies ? null : <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">{t('mailbox.bodiesHidden')}</p>}
      {mails.length === 0 ? <p className="mt-6 text-sm">{t('mailbox.empty')}</p> : null}
      <ol className="mt-6 space-y-4">
        {mails.map((m) => (
          <li key={m.file} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <article aria-label={m.subject}>
              <h2 className="font-medium">{m.subject}</h2>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                {t('mailbox.to', { to: m.to })} · {formatDateTime(m.date, intl)}
                {m.status ? ` · ${t.has(`mailbox.status.${m.status}`) ? t(`mailbox.status.${m.status}`) : m.status}` : null}
              </p>
              {bodies && m.text !== undefined ? <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{m.text}</pre> : null}
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
