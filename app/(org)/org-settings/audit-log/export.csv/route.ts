import { audit } from '@/lib/audit/log';
import { auditEntriesForExport, parseAuditFilters } from '@/lib/audit/query';
import { auditCsvHeader, auditCsvRow } from '@/lib/exports/audit';
import { routeHandler } from '@/lib/http/route-handler';
import { getT } from '@/lib/i18n/server';
import { log } from '@/lib/log';
import { attachmentDisposition } from '@/lib/org/csv';

export const dynamic = 'force-dynamic';

/**
 * The filtered log as CSV, with the same filters and the same permission as the page. The page
 * itself exports as a background task ("Export CSV"); this address stays for saved links and
 * scripts, with the same columns. Streamed in keyset batches, each its own short query, so
 * neither memory nor a transaction grows with the size of the log.
 */
// The same gate as the page: signed in, past 2FA, the org's 2FA rule met, and audit.read.
export const GET = routeHandler({ permission: 'audit.read' }, async (request, { db, current, meta }) => {
  const { user, org } = current;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = parseAuditFilters(params, user.timeZone);
  const t = await getT();
  const encoder = new TextEncoder();
  const batches = auditEntriesForExport(db, org.id, filters);
  let rows = 0;

  const header = auditCsvHeader(t);

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(header));
      },
      async pull(controller) {
        try {
          const next = await batches.next();
          if (next.done) {
            await audit(db, {
              orgId: org.id,
              actorUserId: user.id,
              action: 'audit.exported',
              targetType: 'organization',
              targetId: org.id,
              data: {
                rows,
                filters: { actor: filters.actor, action: filters.action, from: filters.from, to: filters.to },
              },
              meta,
            });
            controller.close();
            return;
          }
          rows += next.value.length;
          const text = next.value.map((e) => auditCsvRow(t, e, user, org)).join('');
          controller.enqueue(encoder.encode(text));
        } catch (error) {
          log.error({ err: error, requestId: meta.requestId }, 'audit log export failed');
          controller.error(error);
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    // One batch queued ahead at most: the next query waits until the client has taken the last.
    { highWaterMark: 1 },
  );

  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachmentDisposition(`${org.name} audit log ${day}`, 'csv', 'audit-log'),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
