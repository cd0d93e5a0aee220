/**
 * Runs once when the server starts: stamps each request with its socket address (so the client
 * IP never comes from a header the client wrote), migrates the database and starts the job engine.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { stampSocketAddress } = await import('./lib/http/socket-address');
  stampSocketAddress();
  const { getDbHandle } = await import('./db');
  await getDbHandle();
  if (process.env.ROSTER_JOBS !== 'off') {
    const { startJobs } = await import('./lib/jobs/boss');
    await startJobs();
  }
}
