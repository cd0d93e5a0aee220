import http from 'node:http';

const HEADER = 'x-roster-socket-ip';
const marker = Symbol.for('roster.socket-address');

/**
 * Next.js keeps a client-sent X-Forwarded-For as it is, so it cannot tell us who connected.
 * Before Next sees a request we replace any client-sent copy of our own header with the
 * socket's address.
 */
export function stampSocketAddress(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: (...args: unknown[]) => boolean };
  if (proto[marker]) return;
  proto[marker] = true;
  const original = proto.emit;
  proto.emit = function emit(this: unknown, event: unknown, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      delete req.headers[HEADER];
      if (req.socket?.remoteAddress) req.headers[HEADER] = req.socket.remoteAddress;
    }
    return original.call(this, event, ...args);
  };
}
