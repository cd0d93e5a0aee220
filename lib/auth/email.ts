/** The one way an email is compared or stored: NFKC, trimmed, lower case. */
export function normalizeEmail(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}
