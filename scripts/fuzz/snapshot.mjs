// A fingerprint of every table the app owns (schema public): md5 over its rows in a fixed order,
// and the row count, so a change can be told and named. Left out, because any request may change
// them by design:
// - auth_throttle, auth_throttle_ip_accounts: failed sign-in, two-factor and PIN attempts are
//   counted before anything is checked, and a fuzzed sign-in form is such an attempt;
// - sessions.last_seen_at: every signed-in request may touch it (the idle timeout);
// - api_rate_limits, api_tokens.last_used_at/last_used_ip: every /api/v1 request is counted per
//   address before its token is checked, and a token's use is noted, GET or not;
// - audit_log rows of failed attempts (auth.sign_in_failed, auth.mfa_failed): written with the
//   counters above;
// - what background tasks write while they run, after the request that queued them has answered
//   (their progress, files and error rows, and the export's audit entry): the job engine's work
//   lands in whichever request's window it happens to fall. A new task row still counts: only
//   the actions that queue one (an export of the page's current filters) may add it.
// - webauthn_challenges: the passkey prompt's challenge is handed out (and stored for five
//   minutes) before anything is posted, as the sign-in page asks for it when it opens.
// The job queue (schema pgboss) and the migration journal are not the app's data.

export const EXCLUDED_TABLES = [
  'auth_throttle',
  'auth_throttle_ip_accounts',
  'api_rate_limits',
  'blobs',
  'blob_chunks',
  'task_row_errors',
  'webauthn_challenges',
];
export const EXCLUDED_COLUMNS = {
  sessions: ['last_seen_at'],
  // Delivery is the job engine's work, whenever it runs: a mail's row counts, its progress does not.
  mail_outbox: ['status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at'],
  api_tokens: ['last_used_at', 'last_used_ip'],
  tasks: [
    'status',
    'done',
    'total',
    'counts',
    'cancel_requested',
    'error',
    'result_blob_id',
    'run_id',
    'runs',
    'heartbeat_at',
    'started_at',
    'finished_at',
  ],
};
export const ATTEMPT_AUDIT_ACTIONS = ['auth.sign_in_failed', 'auth.mfa_failed'];
/** Written by an export task when it ends, or by a GET that downloads a CSV (an audited read). */
export const READ_AUDIT_ACTIONS = ['group.exported', 'audit.exported', 'user.list_exported'];

const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const literal = (text) => `'${text.replace(/'/g, "''")}'`;

/** Builds the one query that fingerprints all tables; columns are read once from the catalogue. */
export async function snapshotQuery(sql, { extraAuditActions = [] } = {}) {
  const columns = await sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`;
  const byTable = new Map();
  for (const { table_name: table, column_name: column } of columns) {
    if (EXCLUDED_TABLES.includes(table) || (EXCLUDED_COLUMNS[table] ?? []).includes(column)) continue;
    if (!byTable.has(table)) byTable.set(table, []);
    byTable.get(table).push(column);
  }
  const skippedAudit = [...ATTEMPT_AUDIT_ACTIONS, ...READ_AUDIT_ACTIONS, ...extraAuditActions];
  const parts = [...byTable].map(([table, cols]) => {
    const row = `row(${cols.map((c) => `t.${ident(c)}`).join(', ')})::text`;
    const where = table === 'audit_log' ? ` where t.action not in (${skippedAudit.map(literal).join(', ')})` : '';
    return `select ${literal(table)} as name, count(*)::int as rows, coalesce(md5(string_agg(${row}, E'\\n' order by ${row})), '') as hash from public.${ident(table)} t${where}`;
  });
  return parts.join('\nunion all\n');
}

export async function snapshot(sql, query) {
  const rows = await sql.unsafe(query);
  return new Map(rows.map((r) => [r.name, { rows: r.rows, hash: r.hash }]));
}

/** The tables whose fingerprint differs, as "name (rows before → after)". */
export function changedTables(before, after) {
  const changed = [];
  for (const [name, b] of before) {
    const a = after.get(name);
    if (!a || a.hash !== b.hash) changed.push({ name, text: `${name} (${b.rows} → ${a?.rows ?? '?'} rows)` });
  }
  return changed;
}
