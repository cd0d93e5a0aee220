import path from 'node:path';

/** Where the database is: PostgreSQL at DATABASE_URL, or else the embedded one in ROSTER_DATA_DIR. */
export const databaseConfig = {
  get url(): string | undefined {
    return process.env.DATABASE_URL || undefined;
  },
  get dataDir(): string {
    return path.resolve(process.env.ROSTER_DATA_DIR || './.data');
  },
};
