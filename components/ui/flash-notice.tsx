import { FLASH_COOKIE, readFlash } from '@/lib/http/flash';
import type { MessageKey } from '@/lib/i18n/message';
import { getT } from '@/lib/i18n/server';

import { ForgetFlash } from './forget-flash';
import { StatusMessage } from './form-status';

/**
 * The message the previous action left for this page (`setFlash`), shown once. A page with
 * several cards shows each message in its card: `keys` names the messages this place shows. The
 * page opens at the message, with or without JavaScript (see StatusMessage), so the result of a
 * button far down a long page is not left below the fold.
 */
export async function FlashNotice({ path, keys }: { path: string; keys?: readonly MessageKey[] }) {
  const flash = await readFlash();
  if (!flash || (keys && !keys.includes(flash.key))) return null;
  const t = await getT();
  const answer = flash.id ?? `${flash.key}:${JSON.stringify(flash.values ?? {})}`;
  return (
    <>
      <StatusMessage key={answer} tone={flash.status} answer={answer}>
        {t(flash.key, flash.values)}
      </StatusMessage>
      <ForgetFlash name={FLASH_COOKIE} path={path} />
    </>
  );
}
