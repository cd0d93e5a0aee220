import 'server-only';

import { knownAuditActions, type AuditRow } from '@/lib/audit/query';
import { catalogKey, type Translator } from '@/lib/i18n/server';

const TARGET_TYPES = new Set(['user', 'role', 'group', 'organization', 'invitation', 'session', 'token']);

let known: { actions: Set<string>; at: number } | null = null;
function isKnown(action: string): boolean {
  // Built once in production; in development the catalogue may be edited while the server runs.
  const stale = !known || (process.env.NODE_ENV !== 'production' && Date.now() - known.at > 2000);
  if (stale) known = { actions: new Set(knownAuditActions()), at: Date.now() };
  return known!.actions.has(action);
}

/** The action in the viewer's language; an action the catalogue does not name stays as stored. */
export function actionLabel(t: Translator, action: string): string {
  const key = isKnown(action) ? catalogKey(t, `auditLog.actions.${action}`) : null;
  return key ? t(key) : action;
}

/** "Role actions (all)" for `role.*`. */
export function prefixLabel(t: Translator, prefix: string): string {
  const key = /^[a-z0-9_]+$/.test(prefix) ? catalogKey(t, `auditLog.prefixes.${prefix}`) : null;
  return key ? t('auditLog.allOf', { group: t(key) }) : `${prefix}.*`;
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
