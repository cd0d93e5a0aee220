import { FLASH_COOKIE, readFlash } from '@/lib/http/flash';
import { getT } from '@/lib/i18n/server';

import { ForgetFlash } from './forget-flash';
import { Notice } from './notice';

/** The message the previous action left for this page (`setFlash`), shown once. */
export async function FlashNotice({ path }: { path: string }) {
  const flash = await readFlash();
  if (!flash) return null;
  const t = await getT();
  return (
    <>
      <Notice tone={flash.status}>{t(flash.key, flash.values)}</Notice>
      <ForgetFlash name={FLASH_COOKIE} path={path} />
    </>
  );
}
