import { describe, expect, it } from 'vitest';

import { createOrganization } from '@/app/setup/actions';
import { getDb } from '@/db';
import { organizations, users } from '@/db/schema';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

describe('simultaneous first-run setups', () => {
  it('create exactly one organization', async () => {
    const fields = (name: string, email: string) => ({
      orgName: name,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    const outcomes = await Promise.all([
      new TestClient().action(createOrganization, fields('First', 'one@race.test')),
      new TestClient().action(createOrganization, fields('Second', 'two@race.test')),
      new TestClient().action(createOrganization, fields('Third', 'three@race.test')),
    ]);
    expect(outcomes.filter((o) => o.redirect === '/settings/profile')).toHaveLength(1);
    expect(outcomes.filter((o) => o.notFound)).toHaveLength(2);
    const db = await getDb();
    expect(await db.select().from(organizations)).toHaveLength(1);
    expect(await db.select().from(users)).toHaveLength(1);
  });
});
