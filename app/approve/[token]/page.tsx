import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AuthCard } from '@/components/shell/auth-card';
import { findApprovalLink } from '@/lib/approvals/requests';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';

import { DecisionForm } from './decision-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('approvals.byEmail.title'), referrer: 'no-referrer' };
}

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ decision?: string | string[] }> };

/**
 * The page of an approval mail's links. Opening it decides nothing (mail scanners open links
 * before the person does): only a press of Approve or Reject posts the decision.
 */
export default publicPage<Props>({}, async function ApprovePage({ params, searchParams, db }) {
  const { token } = await params;
  const { decision } = await searchParams;
  const link = await orUnavailable(() => findApprovalLink(db, token));
  if (!link) notFound();
  const t = await getT();
  const primary = decision === 'reject' ? 'reject' : 'approve';
  return (
    <AuthCard
      title={t(primary === 'reject' ? 'approvals.byEmail.rejectHeading' : 'approvals.byEmail.approveHeading')}
      intro={t('approvals.byEmail.hint')}
    >
      <div className="space-y-6">
        <section
          aria-labelledby="approval-title"
          className="space-y-2 rounded-md border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-950"
        >
          <h2 id="approval-title" className="font-medium break-words">
            {link.title}
          </h2>
          {link.body ? (
            <p className="text-sm break-words whitespace-pre-line text-zinc-700 dark:text-zinc-300">{link.body}</p>
          ) : null}
          {link.requestedBy || link.onBehalfOf ? (
            <div className="space-y-1 text-sm muted">
              {link.requestedBy ? <p>{t('approvals.byEmail.requestedBy', { name: link.requestedBy })}</p> : null}
              {link.onBehalfOf ? <p>{t('approvals.byEmail.onBehalfOf', { name: link.onBehalfOf })}</p> : null}
            </div>
          ) : null}
        </section>
        <DecisionForm
          token={token}
          primary={primary}
          closed={link.state === 'pending' ? null : t(`approvals.byEmail.${link.state}`)}
          labels={{ approve: t('approvals.byEmail.approve'), reject: t('approvals.byEmail.reject') }}
        />
      </div>
    </AuthCard>
  );
});
