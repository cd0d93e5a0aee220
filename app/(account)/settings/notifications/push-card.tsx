import type { PushDevice } from '@/lib/notifications/push';

/** "Browser notifications": enable push in this browser, and the list of browsers with a remove button. */
export async function PushCard({ devices, publicKey }: { devices: PushDevice[]; publicKey: string }) {
  void devices;
  void publicKey;
  return null;
}
