import type { Metadata } from 'next';
import { Fragment } from 'react';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { userPage } from '@/lib/auth/pages';
import { listActiveSessions } from '@/lib/auth/session-store';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { pendingTotpSecret, readRevealedCodes, remainingBackupCodes } from '@/lib/security/mfa';
import { mfaSetupEnforced } from '@/lib/security/mfa-requirement';
import { hasRecentPassword } from '@/lib/security/reauth';
import { formatManualKey, totpQrSvg, totpUri } from '@/lib/security/totp';
import { describeUserAgent } from '@/lib/security/user-agent';

import { DisableTwoFactorForm, EnableTwoFactorForm, RegenerateCodesForm, SetPinForm } from './confirm-forms';
import { CopyCodesButton } from './copy-codes-button';
import { PasskeysCard } from './passkeys-card';
import { ChangePasswordForm } from './password-form';
import { endOtherSessions, endSession } from './session-actions';
import { beginTwoFactorSetup, cancelTwoFactorSetup, dismissBackupCodes } from './two-factor-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.security.title') };
}

type SearchParams = { required?: string };

const PAGE = '/settings/security';

export default userPage<{ searchParams: Promise<SearchParams> }>(async function SecurityPage({
  searchParams,
  current,
  db,
}) {
  const { user, org, session } = current;
  const recent = hasRecentPassword(current);
  const t = await getT();
  const { required } = await searchParams;
  const pending = user.mfaEnabled ? null : pendingTotpSecret(user);
  const uri = pending ? totpUri({ secret: pending, email: user.email, orgName: org.name }) : null;
  const [qr, revealed, remaining, active] = await Promise.all([
    uri ? totpQrSvg(uri) : Promise.resolve(null),
    readRevealedCodes(db, session.id),
    user.mfaEnabled ? remainingBackupCodes(db, user.id) : Promise.resolve(0),
    listActiveSessions(db, { userId: user.id, orgId: org.id, idleMinutes: org.sessionIdleMinutes }),
  ]);

  return (
    <>
      <PageHeading title={t('sections.security.title')} description={t('sections.security.description')} />
      <div className="space-y-6">
        {!user.mfaEnabled && (required || mfaSetupEnforced(org, user)) ? (
          <p
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          >
            {t('security.required', { org: org.name })}
          </p>
        ) : null}

        <Card title={t('security.changePassword')} id="password">
          <ChangePasswordForm
            email={user.email}
            personal={{ email: user.email, firstName: user.firstName, lastName: user.lastName, orgName: org.name }}
          />
        </Card>

        <Card title={t('security.twoFactor')} id="two-factor" description={t('security.twoFactorIntro')}>
          <div className="mb-4 empty:hidden">
            <FlashNotice path={PAGE} keys={['security.disabled']} />
          </div>
          {user.mfaEnabled ? (
            <div className="space-y-6">
              <p className="text-sm">
                <span className="font-medium text-green-700 dark:text-green-400">{t('security.statusOn')}</span>{' '}
                {t('security.backupRemaining', { count: remaining })}
              </p>
              {revealed ? (
                <div className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
                  <h3 className="font-medium">{t('security.yourBackupCodes')}</h3>
                  <p className="text-sm muted">{t('security.backupCodesIntro')}</p>
                  <ol aria-label={t('security.backupCodesList')} className="grid grid-cols-2 gap-2 font-mono text-sm">
                    {revealed.map((code) => (
                      <li key={code}>{code}</li>
                    ))}
                  </ol>
                  <div className="flex flex-wrap gap-3">
                    <a
                      className={buttonClass('secondary')}
                      href="/settings/security/backup-codes"
                      download="roster-backup-codes.txt"
                    >
                      {t('security.download')}
                    </a>
                    <CopyCodesButton codes={revealed} />
                    <form action={dismissBackupCodes}>
                      <button type="submit" className={buttonClass('primary')}>
                        {t('security.savedCodes')}
                      </button>
                    </form>
                  </div>
                </div>
              ) : null}
              <div>
                <h3 className="mb-2 font-medium">{t('security.regenerate')}</h3>
                <p className="mb-3 text-sm muted">{t('security.regenerateIntro')}</p>
                <RegenerateCodesForm recent={recent} />
              </div>
              {org.requireMfa ? (
                <p className="text-sm muted">{t('security.cannotDisable', { org: org.name })}</p>
              ) : (
                <div>
                  <h3 className="mb-2 font-medium">{t('security.disable')}</h3>
                  <DisableTwoFactorForm recent={recent} />
                </div>
              )}
            </div>
          ) : pending && qr ? (
            <div className="space-y-4">
              <ol className="list-decimal space-y-1 pl-5 text-sm">
                <li>{t('security.step1')}</li>
                <li>{t('security.step2')}</li>
              </ol>
              <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
                <div
                  className="size-44 shrink-0 rounded-md bg-white p-2 [&_svg]:size-full"
                  dangerouslySetInnerHTML={{ __html: qr }}
                />
                <div className="text-sm">
                  <p className="muted">{t('security.manualKey')}</p>
                  <p className="mt-1 font-mono text-base tracking-wide" aria-label={t('security.manualKey')}>
                    {/* Real spaces between groups (copy and screen readers), no break inside one. */}
                    {formatManualKey(pending)
                      .split(' ')
                      .map((group, i) => (
                        <Fragment key={i}>
                          {i > 0 ? ' ' : null}
                          <span className="whitespace-nowrap">{group}</span>
                        </Fragment>
                      ))}
                  </p>
                  <p className="mt-2 muted">{t('security.accountIssuer', { email: user.email, org: org.name })}</p>
                </div>
              </div>
              <EnableTwoFactorForm recent={recent} />
              <form action={cancelTwoFactorSetup}>
                <button type="submit" className={buttonClass('ghost')}>
                  {t('security.cancelSetup')}
                </button>
              </form>
            </div>
          ) : (
            <form action={beginTwoFactorSetup}>
              <p className="mb-3 text-sm">{t('security.statusOff')}</p>
              <button type="submit" className={buttonClass('primary')}>
                {t('security.setUp')}
              </button>
            </form>
          )}
        </Card>

        <Card title={t('security.pin')} id="pin" description={t('security.pinIntro')}>
          <p className="mb-4 text-sm">
            {user.pinLockedAt ? t('security.pinLocked') : user.pinHash ? t('security.pinSet') : t('security.pinNone')}
          </p>
          <SetPinForm recent={recent} />
        </Card>

        <PasskeysCard current={current} db={db} recent={recent} />

        <Card title={t('security.sessions')} id="sessions" description={t('security.sessionsIntro')}>
          <div className="mb-3 empty:hidden">
            <FlashNotice path={PAGE} keys={['security.sessionEnded', 'security.otherSessionsEnded']} />
          </div>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {active.map((s) => {
              const agent = describeUserAgent(s.userAgent);
              const mine = s.id === session.id;
              return (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="text-sm" id={`session-${s.id.slice(0, 12)}`}>
                    <p className="font-medium">
                      {agent.label}
                      {mine ? (
                        <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700 dark:bg-zinc-800 dark:text-brand-100">
                          {t('security.thisDevice')}
                        </span>
                      ) : null}
                    </p>
                    <p className="muted">
                      {t('security.sessionMeta', {
                        ip: s.ip ?? t('security.unknownAddress'),
                        created: formatDateTime(s.createdAt, user),
                        lastSeen: formatDateTime(s.lastSeenAt, user),
                      })}
                    </p>
                  </div>
                  {mine ? null : (
                    <form action={endSession}>
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button
                        type="submit"
                        className={buttonClass('secondary')}
                        aria-describedby={`session-${s.id.slice(0, 12)}`}
                      >
                        {t('security.signOut')}
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
          {active.length > 1 ? (
            <form action={endOtherSessions} className="mt-4">
              <button type="submit" className={buttonClass('danger')}>
                {t('security.signOutOthers')}
              </button>
            </form>
          ) : null}
        </Card>
      </div>
    </>
  );
});
