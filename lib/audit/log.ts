import 'server-only';

import type { Executor } from '@/db';
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
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      orgId: entry.orgId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent ?? null,
    })),
  );
}
