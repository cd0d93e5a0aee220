import 'server-only';

import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id minimum, set explicitly (the library's defaults differ). */
export const ARGON2_PARAMS = {
  algorithm: 2, // Argon2id (a const enum in the typings)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

const prepare = (password: string) => password.normalize('NFKC');

export function hashPassword(password: string): Promise<string> {
  return hash(prepare(password), ARGON2_PARAMS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, prepare(password));
  } catch {
    return false;
  }
}

/** True when the stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return (
    Number(m[1]) !== ARGON2_PARAMS.memoryCost ||
    Number(m[2]) !== ARGON2_PARAMS.timeCost ||
    Number(m[3]) !== ARGON2_PARAMS.parallelism
  );
}

let dummy: Promise<string> | undefined;

/** Verifying against this when the email is unknown makes both answers take the same time. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}
