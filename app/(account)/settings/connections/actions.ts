'use server';

import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { z } from '@/lib/actions/zod';
import { CONNECTIONS_PATH } from '@/lib/auth/oidc';
import { config } from '@/lib/config';
import { unlinkExternalAccount } from '@/lib/connections/linked-accounts';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';

const nothing = z.object({});
const AT_CARD = `${CONNECTIONS_PATH}#linked-account-title`;

/** "Unlink": refused while the external account is the only way in (no password). */
export const unlinkAccount = userFormAction(nothing, async (_input, { db, current, meta }) => {
  const settings = config.oidc;
  if (!settings) redirect(CONNECTIONS_PATH);
  const outcome = await unlinkExternalAccount(db, { user: current.user, providerName: settings.name, meta });
  if (outcome === 'unlinked') await kickMailQueue();
  await setFlash(CONNECTIONS_PATH, {
    status: outcome === 'unlinked' ? 'success' : 'error',
    key:
      outcome === 'unlinked'
        ? 'connections.unlinked'
        : outcome === 'noPassword'
          ? 'connections.unlinkNoPassword'
          : 'connections.unlinkNone',
    values: { provider: settings.name },
  });
  redirect(AT_CARD);
});
