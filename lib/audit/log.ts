import 'server-only';

import { sql } from 'drizzle-orm';

import { jsonRecords, type Executor } from '@/db';
import { auditLog } from '@/db/schema';

import type { RequestMeta } from '../http/request-meta';
import type { AuditAction } from './actions';

export type { AuditAction };

export type AuditEntry = {
  orgId: string;
  actorUserId: string | null;
  /** One of AUDIT_ACTIONS (lib/audit/actions.ts), so every entry has a label and a filter entry. */
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>;
};

/** Written inside the caller's transaction, so the entry exists exactly when the change does. */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  await auditMany(tx, [entry]);
}

/** Many entries in one statement (an import's batch), as `audit` writes one. */
export async function auditMany(tx: Executor, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const records = entries.map((entry) => ({
    orgId: entry.orgId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent ?? null,
  }));
  if (records.length === 1) {
    await tx.insert(auditLog).values(records[0]);
    return;
  }
  await tx.execute(sql`
    insert into audit_log (org_id, actor_user_id, action, target_type, target_id, data, ip, user_agent)
    select e."orgId", e."actorUserId", e.action, e."targetType", e."targetId", e.data, e.ip, e."userAgent"
    from ${jsonRecords(records)}
      as e("orgId" uuid, "actorUserId" uuid, action text, "targetType" text, "targetId" text, data jsonb, ip text, "userAgent" text)`);
}
