export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;

const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/**
 * Usernames compare case-insensitively (the database's unique index is on lower(username)),
 * so they are kept lower-case: what someone types as "Ada.L" is stored as "ada.l".
 */
export function normalizeUsername(input: string): string {
  return input.trim().toLowerCase();
}

/** 3 to 32 of a–z, 0–9, dot, underscore and hyphen, after normalising. */
export function isValidUsername(normalized: string): boolean {
  return USERNAME_PATTERN.test(normalized);
}
