import { describe, expect, it } from 'vitest';

import { createOrganization } from '@/app/setup/actions';
import { getDb } from '@/db';
import { instance } from '@/db/schema';
import { isSetupDone } from '@/lib/setup/setup';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

describe('whether setup is done', () => {
  it('is asked of the database until the answer is yes, then no more', async () => {
    const db = await getDb();
    expect(await isSetupDone(db)).toBe(false);
    const setup = await new TestClient().action(createOrganization, {
      orgName: 'Acme',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@setup-remembered.test',
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    expect(setup.redirect).toBeDefined();
    expect(await isSetupDone(db)).toBe(true);
    // Nothing in the app removes the row; removed behind its back, the answer shows that the
    // database is not asked again (the sign-in page renders without it).
    await db.delete(instance);
    expect(await isSetupDone(db)).toBe(true);
  });
});
