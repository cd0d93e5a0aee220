import { FLASH_COOKIE, readFlash } from '@/lib/http/flash';
import type { MessageKey } from '@/lib/i18n/message';
import { getT } from '@/lib/i18n/server';

import { ForgetFlash } from './forget-flash';
import { Notice } from './notice';

/**
 * The message the previous action left for this page (`setFlash`), shown once. A page with
 * several cards shows each message in its card: `keys` names the messages this place shows.
 */
export async function FlashNotice({ path, keys }: { path: string; keys?: readonly MessageKey[] }) {
  const flash = await readFlash();
  if (!flash || (keys && !keys.includes(flash.key))) return null;
  const t = await getT();
  return (
    <>
      <Notice tone={flash.status}>{t(flash.key, flash.values)}</Notice>
      <ForgetFlash name={FLASH_COOKIE} path={path} />
    </>
  );
}
