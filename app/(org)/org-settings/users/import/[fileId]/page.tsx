import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { Notice } from '@/components/ui/notice';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { IMPORT_FIELDS } from '@/lib/import/mapping';
import type { CsvDelimiter, CsvEncoding } from '@/lib/import/read';
import { importPreview } from '@/lib/import/start';
import { actorOf } from '@/lib/org/actor';

import { IMPORT_PATH } from '../paths';
import { MappingForm } from './mapping-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('usersImport.mappingTitle') };
}

const ENCODINGS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};
const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const satisfies Record<CsvDelimiter, string>;

type Props = { params: Promise<{ fileId: string }> };

/** The second step: which column holds which field, then "Check file" or "Import". Only the uploader's own file opens. */
export default permissionPage<Props>('import.run', async function ImportMappingPage({ params, current, db }) {
  const { fileId } = await params;
  const loaded = await importPreview(db, actorOf(current), fileId);
  if (!loaded) notFound();
  const t = await getT();
  const startOver = (
    <Link
      href={IMPORT_PATH}
      className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
    >
      {t('usersImport.startOver')}
    </Link>
  );
  if (!loaded.ok) {
    return (
      <>
        <PageHeading title={t('usersImport.mappingTitle')} />
        <Card>
          <div className="space-y-4">
            <Notice tone="error">{t(loaded.error)}</Notice>
            {startOver}
          </div>
        </Card>
      </>
    );
  }
  const { preview } = loaded;
  const columnName = (header: string, index: number) => header.trim() || t('usersImport.column', { n: index + 1 });
  const columns = preview.headers.map((header, index) => ({ value: String(index), label: columnName(header, index) }));
  return (
    <>
      <PageHeading title={t('usersImport.mappingTitle')} description={t('usersImport.mappingIntro')} />
      <div className="space-y-6">
        <Card>
          <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
            {t('usersImport.detected', {
              name: preview.fileName,
              encoding: ENCODINGS[preview.format.encoding],
              delimiter: t(`usersImport.delimiter.${DELIMITERS[preview.format.delimiter]}`),
            })}
          </p>
          {/* Wide files scroll sideways; the region can take the keyboard focus for that. */}
          <div
            role="region"
            aria-labelledby="preview-caption"
            tabIndex={0}
            className="-mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6"
          >
            <table className="w-full text-left text-sm">
              <caption id="preview-caption" className="mb-2 text-left text-sm font-medium">
                {t('usersImport.preview')}
              </caption>
              <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  {preview.headers.map((header, index) => (
                    <th key={index} scope="col" className="pr-4 pb-2 font-medium whitespace-nowrap">
                      {columnName(header, index)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {preview.sample.map((row, r) => (
                  <tr key={r}>
                    {preview.headers.map((_, c) => (
                      <td key={c} className="max-w-56 truncate py-2 pr-4 whitespace-nowrap" title={row[c] ?? ''}>
                        {row[c] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card>
          <MappingForm
            blobId={preview.blobId}
            columns={columns}
            fields={IMPORT_FIELDS.map((field) => ({
              name: field,
              label: t(`usersImport.fields.${field}`),
              suggested: preview.suggested[field] === undefined ? '' : String(preview.suggested[field]),
            }))}
            texts={{
              notImported: t('usersImport.notImported'),
              updateExisting: t('usersImport.updateExisting'),
              updateExistingHint: t('usersImport.updateExistingHint'),
              check: t('usersImport.check'),
              import: t('usersImport.import'),
              checkHint: t('usersImport.checkHint'),
            }}
          />
          <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">{startOver}</div>
        </Card>
      </div>
    </>
  );
});
