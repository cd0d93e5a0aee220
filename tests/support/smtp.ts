import { SMTPServer } from 'smtp-server';

/** One message as the loopback server received it: the envelope and the raw text. */
export type ReceivedMail = { from: string; to: string[]; data: string };

export type LoopbackSmtp = {
  port: number;
  /** Every message accepted so far, oldest first. */
  received: ReceivedMail[];
  close: () => Promise<void>;
};

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that takes mail only after a login
 * with `user` and `password`, without TLS: the business email of the tests.
 */
export async function startLoopbackSmtp(login: { user: string; password: string }): Promise<LoopbackSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password)
        return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  // A client that drops its connection is the test's business, not an uncaught error.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
