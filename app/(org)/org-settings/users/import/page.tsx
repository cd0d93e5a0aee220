import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { ForgetFlash } from '@/components/ui/forget-flash';
import { permissionPage } from '@/lib/auth/pages';
import { FLASH_COOKIE, readFlash } from '@/lib/http/flash';
import { getRequestIntl, getT } from '@/lib/i18n/server';
import { IMPORT_MAX_BYTES } from '@/lib/import/read';

import { IMPORT_PATH, IMPORT_UPLOAD_PATH } from './paths';
import { UploadForm } from './upload-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('usersImport.title') };
}

type Props = { searchParams: Promise<{ tooLarge?: string }> };

/** The first step of an import: choose the file. The next (`[fileId]`) maps its columns. */
export default permissionPage<Props>('import.run', async function ImportUsersPage({ searchParams }) {
  const [{ tooLarge }, t, flash, { locale }] = await Promise.all([searchParams, getT(), readFlash(), getRequestIntl()]);
  // The upload route's answer (a flash), or the proxy's to a post over its own limit.
  const error =
    flash?.status === 'error' ? t(flash.key, flash.values) : tooLarge === '1' ? t('usersImport.errors.tooLarge') : null;
  return (
    <>
      <PageHeading title={t('usersImport.title')} description={t('usersImport.intro')} />
      <Card>
        <p className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">{t('usersImport.template')}</p>
        <UploadForm
          action={IMPORT_UPLOAD_PATH}
          error={error}
          maxBytes={IMPORT_MAX_BYTES}
          locale={locale}
          texts={{
            label: t('usersImport.file'),
            hint: t('usersImport.fileHint'),
            submit: t('usersImport.upload'),
            tooLarge: t('usersImport.errors.tooLarge'),
            // Filled in the browser with the chosen file's name and size.
            chosen: t('usersImport.chosen', { name: '{name}', size: '{size}' }),
          }}
        />
        {flash ? <ForgetFlash name={FLASH_COOKIE} path={IMPORT_PATH} /> : null}
      </Card>
    </>
  );
});
