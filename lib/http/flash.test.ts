import { describe, expect, it } from 'vitest';

import type { MessageKey } from '@/lib/i18n/message';
import { requestStore } from '@/tests/shims/next-headers';

import { FLASH_COOKIE, parseFlash, setFlash } from './flash';

/** Every key counts as in the catalog: these tests are about the rest of the cookie. */
const anyKey = (key: string) => key as MessageKey;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function flashSetBy(run: () => Promise<void>): Promise<string> {
  const jar = new Map<string, string>();
  await requestStore.run({ headers: new Headers(), jar }, run);
  return jar.get(FLASH_COOKIE)!;
}

describe('the flash message', () => {
  it('tells each message from the next, even the same one twice, so the page goes to each', async () => {
    const set = () => setFlash('/org-settings/users', { status: 'success', key: 'invites.notice.resent' });
    const [first, second] = [parseFlash(await flashSetBy(set), anyKey), parseFlash(await flashSetBy(set), anyKey)];
    expect(first).toMatchObject({ status: 'success', key: 'invites.notice.resent' });
    expect(first?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(second?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(second?.id).not.toBe(first?.id);
  });

  it('keeps only an id of its own shape', () => {
    const base = { status: 'info', key: 'signIn.notice.signedOut' };
    expect(parseFlash(encode({ ...base, id: 'abc123' }), anyKey)?.id).toBe('abc123');
    for (const id of ['"><script>', 'x'.repeat(40), 42, null]) {
      const flash = parseFlash(encode({ ...base, id }), anyKey);
      expect(flash).toMatchObject(base);
      expect(flash).not.toHaveProperty('id');
    }
  });
});
