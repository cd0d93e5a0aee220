import { ApiError, apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { pinVerifyBody } from '@/lib/api/schemas';
import { orgUser } from '@/lib/api/users';
import { verifyUserPin } from '@/lib/security/pin';

export const dynamic = 'force-dynamic';

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');

/**
 * Checks a PIN a caller gave: `{ valid }`. A wrong PIN counts toward the user's lock like one
 * entered by an agent; a locked PIN answers 423 (the lock itself mails the user). Audited with the
 * token; the PIN is never echoed or stored.
 */
export const POST = apiRoute({ scope: 'pin:verify', body: pinVerifyBody }, async ({ caller, db, body, meta }) => {
  const user = await orgUser(db, caller.org.id, body.userId);
  const result = await verifyUserPin(db, {
    orgId: caller.org.id,
    userId: user.id,
    pin: body.pin,
    actorUserId: caller.user.id,
    meta,
    auditData: { via: 'api', tokenId: caller.tokenId },
  });
  if (result.ok) return apiJson({ valid: true });
  switch (result.reason) {
    case 'wrong':
      return apiJson({ valid: false });
    case 'not-set':
      throw new ApiError('conflict', 'This user has not set a PIN.');
    case 'locked':
      throw new ApiError('pin_locked', 'This PIN is locked after too many wrong attempts; the user can set a new one.');
    case 'throttled':
      throw new ApiError('rate_limited', 'Too many wrong PINs from this address; try again later.', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
  }
});
