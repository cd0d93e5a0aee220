import 'server-only';

import type { Db } from '@/db';

/**
 * The armored OpenPGP public key that mail to `address` is encrypted to, or null when the
 * address has none (or it has expired).
 */
export async function recipientKey(db: Db, address: string): Promise<string | null> {
  void db;
  void address;
  return null;
}
