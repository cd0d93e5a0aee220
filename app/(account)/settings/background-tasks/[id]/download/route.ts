import { blobStream, findBlob } from '@/lib/files/blobs';
import { refusal, routeHandler } from '@/lib/http/route-handler';
import { getT } from '@/lib/i18n/server';
import { IMPORT_FIELDS } from '@/lib/import/mapping';
import { actorOf } from '@/lib/org/actor';
import { attachmentDisposition } from '@/lib/org/csv';
import { errorReportStream, hasErrorReport } from '@/lib/tasks/report';
import { errorReportName, findVisibleTask } from '@/lib/tasks/tasks';

export const dynamic = 'force-dynamic';

const PRIVATE = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' };

/** "people.csv" → ["people", "csv"]; a name without an extension is downloaded as .bin. */
function splitName(name: string): [string, string] {
  const match = /^(.*)\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match && match[1] ? [match[1], match[2].toLowerCase()] : [name, 'bin'];
}

/**
 * A task's result: its file once complete, else the CSV report of the rows it refused. The owner
 * may download it, and so may whoever runs imports for an import; anyone else gets the same 404
 * as for a task that does not exist.
 */
export const GET = routeHandler<{ id: string }>({}, async (_request, { db, current, params }) => {
  const task = await findVisibleTask(db, actorOf(current), params.id);
  if (!task) return refusal(404);

  const blob = task.resultBlobId ? await findBlob(db, task.orgId, task.resultBlobId) : null;
  if (blob) {
    const [base, extension] = splitName(blob.name);
    return new Response(blobStream(db, blob.id), {
      headers: {
        ...PRIVATE,
        'content-type': blob.contentType,
        'content-length': String(blob.size),
        'content-disposition': attachmentDisposition(base, extension, 'result'),
      },
    });
  }

  if (!(await hasErrorReport(db, task.id))) return refusal(404);
  const t = await getT();
  const labels = new Map<string, string>(IMPORT_FIELDS.map((field) => [field, t(`usersImport.fields.${field}`)]));
  const header = [t('tasks.report.row'), t('tasks.report.column'), t('tasks.report.value'), t('tasks.report.message')];
  const [base] = splitName(errorReportName(task.name));
  return new Response(
    errorReportStream(db, task.id, header, (column) => labels.get(column) ?? ''),
    {
      headers: {
        ...PRIVATE,
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': attachmentDisposition(base, 'csv', 'error-report'),
      },
    },
  );
});
