import path from 'node:path';

/** Where the database is: PostgreSQL at DATABASE_URL, or else the embedded one in ROSTER_DATA_DIR. */
export const databaseConfig = {
  get url(): string | undefined {
    return process.env.DATABASE_URL || undefined;
  },
  get dataDir(): string {
    return path.resolve(process.env.ROSTER_DATA_DIR || './.data');
  },
  /**
   * Queries run as prepared statements on PostgreSQL unless DATABASE_PREPARE=off, which a
   * connection pooler in transaction mode (PgBouncer before 1.21, some hosted poolers) needs.
   */
  get prepare(): boolean {
    return process.env.DATABASE_PREPARE !== 'off';
  },
};
