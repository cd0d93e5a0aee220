'use client';

import { useEffect } from 'react';

/** Once the message is on screen, the cookie that carried it goes, so a reload does not repeat it. */
export function ForgetFlash({ name, path }: { name: string; path: string }) {
  useEffect(() => {
    document.cookie = `${name}=; Max-Age=0; Path=${path}; SameSite=Lax`;
  }, [name, path]);
  return null;
}
