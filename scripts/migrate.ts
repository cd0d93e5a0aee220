import { getDbHandle } from '@/db';
import { config } from '@/lib/config';

const handle = await getDbHandle();
console.log(`Migrations applied (${handle.kind}${handle.kind === 'pglite' ? `, ${config.dataDir}` : ''}).`);
await handle.close();
