import type { Instrumentation } from 'next';

/**
 * Runs once when the server starts: stamps each request with its socket address (so the client
 * IP never comes from a header the client wrote), checks the configuration, migrates the
 * database and starts the job engine.
 *
 * Next.js keeps a failed registration and fails every request with it until the process is
 * restarted, so a failed start (data dir locked by another process, database unreachable,
 * missing secret) ends the process instead: its supervisor sees it and can restart it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  try {
    await start();
  } catch (error) {
    const { log } = await import('./lib/log');
    log.fatal({ err: error }, 'start-up failed');
    // Said plainly as well when the logs are silenced.
    if (!log.isLevelEnabled('fatal'))
      console.error(`Roster could not start: ${String((error as Error)?.message ?? error)}`);
    process.exit(1);
  }
}

async function start() {
  const { stampSocketAddress } = await import('./lib/http/socket-address');
  stampSocketAddress();
  // Fails at start, not at the first sign-in, when production on PostgreSQL has no AUTH_SECRET.
  const { getAuthSecret } = await import('./lib/config');
  getAuthSecret();
  const { getDbHandle } = await import('./db');
  await getDbHandle();
  if (process.env.ROSTER_JOBS !== 'off') {
    const { startJobs } = await import('./lib/jobs/boss');
    await startJobs();
  }
}

/** Every error Next.js catches while serving a request, as one JSON log line with its request id. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { log } = await import('./lib/log');
  const { hideSecretLinks } = await import('./lib/http/secret-links');
  const err = error as Error & { digest?: string };
  const requestId = request.headers['x-request-id'];
  log.error(
    {
      requestId: Array.isArray(requestId) ? requestId[0] : requestId,
      method: request.method,
      // Links that carry a secret in their path keep it out of the logs.
      path: hideSecretLinks(request.path.split('?')[0], '[token]'),
      routePath: context.routePath,
      routeType: context.routeType,
      digest: err.digest,
      // An error about a page or a fetch may quote its URL.
      err: {
        name: err.name,
        message: hideSecretLinks(String(err.message)),
        stack: err.stack && hideSecretLinks(err.stack),
      },
    },
    'request failed',
  );
};
