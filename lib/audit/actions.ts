import type { MessageKey } from '../i18n/message';

/**
 * Every action the audit log records, `<area>.<what_happened>`. `audit()` accepts only these, so a
 * new action starts here: add it on its own line (alphabetical), then its label under
 * `auditLog.actions` in messages/{en,de,ru}/auditLog.json. Without the English label typecheck fails
 * at `auditActionLabelKey` below; lib/audit/actions.test.ts names any language still missing one.
 * The log's action filter is built from this list.
 */
export const AUDIT_ACTIONS = [
  'approvals.decided',
  'approvals.delegate_removed',
  'approvals.delegate_set',
  'audit.exported',
  'auth.external_sign_in',
  'auth.mfa_failed',
  'auth.passkey_sign_in',
  'auth.password_verified',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'availability.away_cleared',
  'availability.away_set',
  'availability.status_changed',
  'connections.account_linked',
  'connections.account_unlinked',
  'connections.mailbox_removed',
  'connections.mailbox_saved',
  'data.export_requested',
  'group.created',
  'group.deleted',
  'group.exported',
  'group.member_added',
  'group.member_removed',
  'group.updated',
  'import.started',
  'invitation.accepted',
  'invitation.created',
  'invitation.resent',
  'invitation.revoked',
  'keys.key_added',
  'keys.key_removed',
  'mail.retried',
  'mfa.backup_code_used',
  'mfa.backup_codes_regenerated',
  'mfa.disabled',
  'mfa.enabled',
  'notifications.push_enabled',
  'notifications.push_removed',
  'notifications.settings_changed',
  'org.created',
  'org.invite_policy_changed',
  'org.mail_server_removed',
  'org.mail_server_saved',
  'org.notification_policy_changed',
  'org.security_policy_changed',
  'passkey.added',
  'passkey.removed',
  'passkey.renamed',
  'password.changed',
  'password.reset',
  'password.reset_requested',
  'pin.changed',
  'pin.locked',
  'pin.verified',
  'pin.verify_failed',
  'profile.photo_removed',
  'profile.photo_updated',
  'profile.updated',
  'regional.time_zone_detected',
  'regional.updated',
  'role.assigned',
  'role.created',
  'role.deleted',
  'role.unassigned',
  'role.updated',
  'session.ended',
  'token.created',
  'token.revoked',
  'user.deactivated',
  'user.email_change_cancelled',
  'user.email_change_requested',
  'user.email_change_resent',
  'user.email_changed',
  'user.imported',
  'user.list_exported',
  'user.reactivated',
  'user.role_changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The part before the first dot: `role` for `role.created`; the filter offers "Roles: all". */
export type AuditActionGroup = AuditAction extends `${infer Group}.${string}` ? Group : never;

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** Whether a stored action is one the log knows (an older or foreign one is shown as stored). */
export const isAuditAction = (value: string): value is AuditAction => KNOWN.has(value);

export const auditActionGroup = (action: AuditAction) => action.slice(0, action.indexOf('.')) as AuditActionGroup;

/** The groups, once each, in the list's order. */
export const AUDIT_ACTION_GROUPS: readonly AuditActionGroup[] = [...new Set(AUDIT_ACTIONS.map(auditActionGroup))];

/*
 * The label keys. An action or group without an English label is a type error on the return
 * type here ('"auditLog.actions.x.y"' is not assignable to MessageKey): add the label.
 */
export const auditActionLabelKey = (action: AuditAction): MessageKey => `auditLog.actions.${action}`;
export const auditGroupLabelKey = (group: AuditActionGroup): MessageKey => `auditLog.prefixes.${group}`;
