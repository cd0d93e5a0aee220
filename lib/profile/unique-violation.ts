/**
 * Whether a database error is a unique violation of the named index, as postgres.js and
 * PGlite report it (also when drizzle wraps the driver's error as its `cause`).
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, constraint_name, constraint: name, message } = e as Record<string, unknown>;
    if (code === '23505') {
      return (
        constraint_name === constraint ||
        name === constraint ||
        (typeof message === 'string' && message.includes(constraint))
      );
    }
  }
  return false;
}
