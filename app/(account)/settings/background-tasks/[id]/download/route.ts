import { blobStream, findBlob } from '@/lib/files/blobs';
import { refusal, routeHandler } from '@/lib/http/route-handler';
import { getT } from '@/lib/i18n/server';
import { IMPORT_FIELDS } from '@/lib/import/mapping';
import { encryptStream } from '@/lib/keys/encrypt';
import { findUserKey } from '@/lib/keys/manage';
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
 * The download as asked for: as it is, or with `?encrypted=1` encrypted to the signed-in user's
 * OpenPGP key as it streams (a binary OpenPGP message named `<file>.gpg`, no length known ahead).
 */
function answer(
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
  file: { base: string; extension: string; fallback: string },
  armoredKey: string | null,
): Promise<Response> | Response {
  const disposition = (extension: string) => attachmentDisposition(file.base, extension, file.fallback);
  if (!armoredKey)
    return new Response(body, { headers: { ...headers, 'content-disposition': disposition(file.extension) } });
  return encryptStream(armoredKey, body, `${file.base}.${file.extension}`).then(
    (encrypted) =>
      new Response(encrypted, {
        headers: {
          ...PRIVATE,
          'content-type': 'application/octet-stream',
          'content-disposition': disposition(`${file.extension}.gpg`),
        },
      }),
  );
}

/**
 * A task's result: its file once complete, else the CSV report of the rows it refused. The owner
 * may download it, and so may whoever runs imports for an import; anyone else gets the same 404
 * as for a task that does not exist. `?encrypted=1` asks for it encrypted to the user's own key;
 * without one that is a 404 saying so.
 */
export const GET = routeHandler<{ id: string }>({}, async (request, { db, current, params }) => {
  const task = await findVisibleTask(db, actorOf(current), params.id);
  if (!task) return refusal(404);

  let armoredKey: string | null = null;
  if (new URL(request.url).searchParams.get('encrypted') === '1') {
    armoredKey = (await findUserKey(db, current.user.id))?.armored ?? null;
    if (!armoredKey) {
      return new Response((await getT())('tasks.noKey'), {
        status: 404,
        headers: { ...PRIVATE, 'content-type': 'text/plain; charset=utf-8' },
      });
    }
  }

  const blob = task.resultBlobId ? await findBlob(db, task.orgId, task.resultBlobId) : null;
  if (blob) {
    const [base, extension] = splitName(blob.name);
    return answer(
      blobStream(db, blob.id),
      { ...PRIVATE, 'content-type': blob.contentType, 'content-length': String(blob.size) },
      { base, extension, fallback: 'result' },
      armoredKey,
    );
  }

  if (!(await hasErrorReport(db, task.id))) return refusal(404);
  const t = await getT();
  const labels = new Map<string, string>(IMPORT_FIELDS.map((field) => [field, t(`usersImport.fields.${field}`)]));
  const header = [t('tasks.report.row'), t('tasks.report.column'), t('tasks.report.value'), t('tasks.report.message')];
  const [base] = splitName(errorReportName(task.name));
  return answer(
    errorReportStream(db, task.id, header, (column) => labels.get(column) ?? ''),
    { ...PRIVATE, 'content-type': 'text/csv; charset=utf-8; header=present' },
    { base, extension: 'csv', fallback: 'error-report' },
    armoredKey,
  );
});
