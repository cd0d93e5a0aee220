'use client';

import { useSyncExternalStore } from 'react';

const noChanges = () => () => {};
const supported = () => 'PublicKeyCredential' in window;

/** Whether this browser can use passkeys; false in the server's HTML, which is what a browser without JavaScript keeps. */
export function usePasskeySupport(): boolean {
  return useSyncExternalStore(noChanges, supported, () => false);
}
