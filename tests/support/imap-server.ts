import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer, TLSSocket, type SecureContextOptions } from 'node:tls';

/**
 * A self-signed certificate for "localhost" and 127.0.0.1, made with the openssl command line:
 * what a mail server nobody vouches for presents.
 */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'roster-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type ImapServerOptions = {
  user: string;
  password: string;
  /** "plain": no TLS at all; "tls": TLS from the first byte; "starttls": plain, upgraded on STARTTLS. */
  mode?: 'plain' | 'tls' | 'starttls';
  /** Key and certificate for "tls" and "starttls". */
  tls?: Pick<SecureContextOptions, 'key' | 'cert'>;
};

export type LoopbackImap = {
  port: number;
  /** Every command line received (a LOGIN's password replaced), oldest first: what the client asked for. */
  commands: string[];
  /** Successful logins, by username. */
  logins: string[];
  close: () => Promise<void>;
};

const BASE_CAPABILITIES = ['IMAP4rev1', 'AUTH=PLAIN', 'ID', 'ENABLE', 'NAMESPACE', 'LITERAL+'];

/** The arguments of a command line: atoms, "quoted strings" (with \" and \\), and NIL. */
function parseArguments(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
      args.push(value);
      continue;
    }
    let end = text.indexOf(' ', i);
    if (end === -1) end = text.length;
    args.push(text.slice(i, end));
    i = end;
  }
  return args;
}

/**
 * A small IMAP server on 127.0.0.1 that answers what a client needs to connect, sign in and log
 * out: the greeting with CAPABILITY, CAPABILITY, STARTTLS, LOGIN, AUTHENTICATE PLAIN (with an
 * initial response or a continuation), ID, ENABLE, NAMESPACE, NOOP, a refused COMPRESS, and
 * LOGOUT. Literals ({n} / {n+}) in LOGIN are read too. Anything else is answered BAD.
 */
export async function startLoopbackImap(options: ImapServerOptions): Promise<LoopbackImap> {
  const mode = options.mode ?? 'plain';
  const commands: string[] = [];
  const logins: string[] = [];
  const sockets = new Set<Socket>();

  const serve = (initial: Socket) => {
    let socket: Socket = initial;
    sockets.add(initial);
    let secure = mode === 'tls';
    let authenticated = false;
    let buffer = '';
    /** Set while the client owes a continuation: the literal's length, or an AUTHENTICATE response. */
    let pending: { kind: 'literal'; size: number; line: string } | { kind: 'auth'; tag: string } | null = null;

    const capabilities = () => {
      const list = [...BASE_CAPABILITIES];
      if (mode === 'starttls' && !secure) list.push('STARTTLS', 'LOGINDISABLED');
      return list.join(' ');
    };
    const send = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    const checkLogin = (tag: string, user: string, password: string) => {
      if (user === options.user && password === options.password) {
        authenticated = true;
        logins.push(user);
        send(`${tag} OK [CAPABILITY ${capabilities()}] Logged in`);
      } else {
        send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`);
      }
    };
    const plainResponse = (tag: string, encoded: string) => {
      const [, user = '', password = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
      checkLogin(tag, user, password);
    };

    const handle = (line: string) => {
      const space = line.indexOf(' ');
      const tag = space === -1 ? line : line.slice(0, space);
      const rest = space === -1 ? '' : line.slice(space + 1);
      const [name = '', ...args] = parseArguments(rest);
      const command = name.toUpperCase();
      commands.push(command === 'LOGIN' ? `${tag} LOGIN ${args[0] ?? ''} ***` : line);
      switch (command) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${capabilities()}`);
          return send(`${tag} OK CAPABILITY completed`);
        case 'NOOP':
          return send(`${tag} OK NOOP completed`);
        case 'STARTTLS': {
          if (mode !== 'starttls' || secure) return send(`${tag} BAD STARTTLS not available`);
          send(`${tag} OK Begin TLS negotiation now`);
          socket.removeAllListeners('data');
          const upgraded = new TLSSocket(socket, { isServer: true, ...options.tls });
          upgraded.on('error', () => upgraded.destroy());
          sockets.add(upgraded);
          secure = true;
          socket = upgraded;
          buffer = '';
          upgraded.on('data', onData);
          return;
        }
        case 'LOGIN':
          if (mode === 'starttls' && !secure) return send(`${tag} NO [PRIVACYREQUIRED] Use STARTTLS first`);
          return checkLogin(tag, args[0] ?? '', args[1] ?? '');
        case 'AUTHENTICATE':
          if ((args[0] ?? '').toUpperCase() !== 'PLAIN') return send(`${tag} NO Unsupported mechanism`);
          if (mode === 'starttls' && !secure) return send(`${tag} NO [PRIVACYREQUIRED] Use STARTTLS first`);
          if (args[1]) return plainResponse(tag, args[1]);
          pending = { kind: 'auth', tag };
          return send('+ ');
        case 'ID':
          send('* ID ("name" "Roster test IMAP")');
          return send(`${tag} OK ID completed`);
        case 'ENABLE':
          if (!authenticated) return send(`${tag} BAD Not authenticated`);
          send('* ENABLED');
          return send(`${tag} OK ENABLE completed`);
        case 'NAMESPACE':
          if (!authenticated) return send(`${tag} BAD Not authenticated`);
          send('* NAMESPACE (("" "/")) NIL NIL');
          return send(`${tag} OK NAMESPACE completed`);
        case 'COMPRESS':
          return send(`${tag} NO Compression not supported`);
        case 'LOGOUT':
          send('* BYE Logging out');
          send(`${tag} OK LOGOUT completed`);
          socket.end();
          return;
        default:
          return send(`${tag} BAD Unknown command`);
      }
    };

    function onData(chunk: Buffer) {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (pending?.kind === 'literal') {
          if (buffer.length < pending.size) return;
          const literal = buffer.slice(0, pending.size);
          buffer = buffer.slice(pending.size);
          const line = `${pending.line}"${literal.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
          pending = null;
          // The rest of the command follows the literal, up to its line end.
          const end = buffer.indexOf('\r\n');
          if (end === -1) {
            buffer = line + buffer;
            return;
          }
          const tail = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          processLine(line + tail);
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end === -1) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        processLine(line);
      }
    }

    function processLine(line: string) {
      if (pending?.kind === 'auth') {
        const { tag } = pending;
        pending = null;
        if (line === '*') return send(`${tag} BAD Authentication cancelled`);
        return plainResponse(tag, line);
      }
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      if (literal) {
        pending = { kind: 'literal', size: Number(literal[1]), line: line.slice(0, literal.index) };
        if (!literal[2]) send('+ Ready for literal data');
        return;
      }
      handle(line);
    }

    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    send(`* OK [CAPABILITY ${capabilities()}] Roster test IMAP ready`);
  };

  const server: Server =
    mode === 'tls'
      ? createTlsServer({ ...options.tls }, (socket) => serve(socket))
      : createServer((socket) => serve(socket));
  // A client that gives up on the certificate aborts the handshake: that is the test's business.
  server.on('tlsClientError', () => {});
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    commands,
    logins,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
