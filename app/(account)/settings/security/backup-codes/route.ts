import { routeHandler } from '@/lib/http/route-handler';
import { backupCodesText } from '@/lib/security/backup-codes';
import { readRevealedCodes } from '@/lib/security/mfa';

export const dynamic = 'force-dynamic';

/** The .txt download of codes that are still waiting to be shown to this session. */
export const GET = routeHandler({ beforeMfaSetup: true }, async (_request, { db, current }) => {
  const codes = await readRevealedCodes(db, current.session.id);
  if (!codes)
    return new Response('These backup codes are no longer available. Regenerate them in Settings → Security.', {
      status: 410,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  return new Response(backupCodesText(codes, { email: current.user.email, orgName: current.org.name }), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="roster-backup-codes.txt"',
      'cache-control': 'no-store',
    },
  });
});
