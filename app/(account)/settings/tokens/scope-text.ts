import type { TokenScope } from '@/lib/tokens/scopes';

/** Where each scope's one-line description lives under `tokens.scope` (keys cannot hold a colon). */
export const SCOPE_TEXT = {
  'profile:read': 'profileRead',
  'users:read': 'usersRead',
  'availability:read': 'availabilityRead',
  'approvals:write': 'approvalsWrite',
  'notifications:write': 'notificationsWrite',
  'pin:verify': 'pinVerify',
} as const satisfies Record<TokenScope, string>;
