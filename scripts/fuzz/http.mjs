// A client per identity (signed out, member, owner): a cookie jar that only setup requests may
// change, so a fuzzed request that clears or replaces a cookie cannot change who sends the next one.

const REQUEST_TIMEOUT_MS = 20_000;

export class Client {
  constructor(base, name) {
    this.base = base;
    this.origin = new URL(base).origin;
    this.name = name;
    this.jar = new Map();
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (!value || expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /**
   * One request. `keepCookies` only for the setup steps (sign-in); the answer's body is always
   * read to the end so the connection is reused and a response that breaks mid-stream counts.
   */
  async send(path, { method = 'GET', headers = {}, body, keepCookies = false } = {}) {
    const h = new Headers(headers);
    if (this.jar.size) h.set('cookie', this.cookieHeader());
    const started = performance.now();
    try {
      const response = await fetch(new URL(path, this.base), {
        method,
        headers: h,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const buffer = Buffer.from(await response.arrayBuffer());
      if (keepCookies) this.keepCookies(response);
      return {
        status: response.status,
        headers: response.headers,
        text: buffer.toString('utf8'),
        ms: performance.now() - started,
      };
    } catch (error) {
      // A reset connection or a timeout is as much a failure as a 500: status 0 says so.
      return {
        status: 0,
        headers: new Headers(),
        text: '',
        error: String(error?.cause?.code ?? error?.name ?? error),
        ms: performance.now() - started,
      };
    }
  }

  /** A form post as a browser without JavaScript sends it: multipart, same-origin. */
  async postForm(path, entries, { keepCookies = true } = {}) {
    const body = new FormData();
    for (const [name, value] of entries) {
      if (typeof value === 'string') body.append(name, value);
      else body.append(name, new Blob([value.data], { type: value.type }), value.filename);
    }
    return this.send(path, { method: 'POST', body, headers: { origin: this.origin }, keepCookies });
  }
}

/** Runs `task` over `items` with at most `limit` at once, keeping the order of results. */
export async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
