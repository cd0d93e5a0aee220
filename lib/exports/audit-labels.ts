import 'server-only';

/** How the audit log names actions, actors and targets: on its page and in its export alike. */

import {
  AUDIT_ACTION_GROUPS,
  auditActionLabelKey,
  auditGroupLabelKey,
  isAuditAction,
  type AuditActionGroup,
} from '../audit/actions';
import type { AuditRow } from '../audit/query';
import { catalogKey, type Translator } from '../i18n/translator';

const TARGET_TYPES = new Set(['user', 'role', 'group', 'organization', 'invitation', 'session', 'token']);

/** The action in the viewer's language; an action no longer (or never) listed stays as stored. */
export function actionLabel(t: Translator, action: string): string {
  return isAuditAction(action) ? t(auditActionLabelKey(action)) : action;
}

const isGroup = (value: string): value is AuditActionGroup =>
  (AUDIT_ACTION_GROUPS as readonly string[]).includes(value);

/** "Roles: all" for `role.*`. */
export function prefixLabel(t: Translator, prefix: string): string {
  return isGroup(prefix) ? t('auditLog.allOf', { group: t(auditGroupLabelKey(prefix)) }) : `${prefix}.*`;
}

export function actorLabel(t: Translator, row: Pick<AuditRow, 'actorUserId' | 'actorEmail' | 'actorName'>): string {
  if (!row.actorUserId) return t('auditLog.system');
  if (!row.actorEmail) return t('auditLog.formerUser');
  return row.actorName ? `${row.actorName} (${row.actorEmail})` : row.actorEmail;
}

export function targetLabel(
  t: Translator,
  row: Pick<AuditRow, 'targetType' | 'targetId' | 'targetName'>,
  org: { id: string; name: string },
): string {
  if (!row.targetType && !row.targetId) return '—';
  const typeKey =
    row.targetType && TARGET_TYPES.has(row.targetType) ? catalogKey(t, `auditLog.targetTypes.${row.targetType}`) : null;
  const type = typeKey ? t(typeKey) : (row.targetType ?? '');
  const what =
    row.targetType === 'organization' && row.targetId === org.id ? org.name : (row.targetName ?? row.targetId ?? '');
  return type && what ? `${type}: ${what}` : type || what;
}
