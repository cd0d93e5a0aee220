import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getCurrentSession } from '@/lib/auth/current';
import { config } from '@/lib/config';
import { hideOthersResetLinks, listOutboxMail, listStoredMail, type StoredMail } from '@/lib/mail/mailbox';

export const metadata: Metadata = { title: 'Mailbox' };

type Scope = { source: 'files' | 'outbox'; orgId?: string; viewerEmail?: string };

/**
 * Development without SMTP: the mail files, open to anyone. Otherwise (production, or SMTP set)
 * only an organization's owners and admins, and only their organization's mail: the files, or
 * the outbox when mail goes out by SMTP. Others' password-reset links stay hidden from them.
 */
async function readableScope(): Promise<Scope | null> {
  if (!config.smtpUrl && !config.isProduction) return { source: 'files' };
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return null;
  if (current.user.role !== 'owner' && current.user.role !== 'admin') return null;
  if (current.org.requireMfa && !current.user.mfaEnabled) return null;
  return { source: config.smtpUrl ? 'outbox' : 'files', orgId: current.org.id, viewerEmail: current.user.email };
}

async function readMail(scope: Scope): Promise<StoredMail[]> {
  const mails = scope.source === 'outbox' && scope.orgId ? await listOutboxMail(scope.orgId) : await listStoredMail(100, scope.orgId);
  return scope.viewerEmail ? hideOthersResetLinks(mails, scope.viewerEmail) : mails;
}

export default async function MailboxPage() {
  await connection();
  const scope = await readableScope();
  if (!scope) notFound();
  const mails = await readMail(scope);
  return (
    <main id="content" className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {scope.source === 'files'
          ? 'SMTP_URL is not set, so mail is written to files in the data directory. Newest first.'
          : "Mail is sent by SMTP. This is your organization's outbox, newest first, with each mail's delivery status."}
      </p>
      {mails.length === 0 ? <p className="mt-6 text-sm">No mail yet.</p> : null}
      <ol className="mt-6 space-y-4">
        {mails.map((m) => (
          <li key={m.file} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <article aria-label={m.subject}>
              <h2 className="font-medium">{m.subject}</h2>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                To {m.to} · {m.date}
                {m.status ? ` · ${m.status}` : null}
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{m.text}</pre>
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
