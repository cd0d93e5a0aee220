import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getCurrentSession } from '@/lib/auth/current';
import { config } from '@/lib/config';
import { listStoredMail } from '@/lib/mail/mailbox';

export const metadata: Metadata = { title: 'Mailbox' };

/**
 * Mail written to files (no SMTP_URL): open to anyone in development; in production only to an
 * organization's owners and admins, and only their organization's mail.
 */
async function readableScope(): Promise<{ orgId?: string } | null> {
  if (config.smtpUrl) return null;
  if (!config.isProduction) return {};
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return null;
  if (current.user.role !== 'owner' && current.user.role !== 'admin') return null;
  return { orgId: current.org.id };
}

export default async function MailboxPage() {
  await connection();
  const scope = await readableScope();
  if (!scope) notFound();
  const mails = await listStoredMail(100, scope.orgId);
  return (
    <main id="content" className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        SMTP_URL is not set, so mail is written to files in the data directory. Newest first.
      </p>
      {mails.length === 0 ? <p className="mt-6 text-sm">No mail yet.</p> : null}
      <ol className="mt-6 space-y-4">
        {mails.map((m) => (
          <li key={m.file} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <article aria-label={m.subject}>
              <h2 className="font-medium">{m.subject}</h2>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                To {m.to} · {m.date}
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{m.text}</pre>
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
