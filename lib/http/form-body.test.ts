import { describe, expect, it } from 'vitest';

import {
  actionBodyKind,
  checkMultipartBody,
  checkTextCall,
  FORM_BODY_LIMIT_BYTES,
  multipartBoundary,
  readBodyWithin,
} from './form-body';

/** A multipart body exactly as fetch (and so React) encodes it. */
function encoded(form: FormData): { body: ReadableStream<Uint8Array>; contentType: string } {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: request.body!, contentType: request.headers.get('content-type')! };
}

function streamOf(...chunks: (Uint8Array | string)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });
}

const B = 'RosterTestBoundary';
const TYPE = `multipart/form-data; boundary=${B}`;
const part = (headers: string, value: string) => `--${B}\r\n${headers}\r\n\r\n${value}\r\n`;
const field = (name: string, value: string) => part(`Content-Disposition: form-data; name="${name}"`, value);
const end = `--${B}--\r\n`;

describe('content type of a server-action call', () => {
  it('is multipart form data with a boundary, spelled as Next.js tests it, or JSON text', () => {
    expect(actionBodyKind('multipart/form-data; boundary=----WebKitFormBoundaryabc')).toBe('multipart');
    expect(actionBodyKind('multipart/form-data; boundary="quoted boundary"')).toBe('multipart');
    expect(actionBodyKind('text/plain;charset=UTF-8')).toBe('text');
    for (const refused of [
      null,
      '',
      'application/json',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      `multipart/form-data; boundary=${'x'.repeat(71)}`,
      // Next.js reads any other spelling as JSON text.
      'Multipart/Form-Data; boundary=abc',
    ]) {
      expect(actionBodyKind(refused), String(refused)).toBeNull();
    }
    expect(multipartBoundary('multipart/form-data; charset=utf-8; Boundary=abc')).toBe('abc');
  });
});

describe('a call sent as JSON text', () => {
  // The first byte of an action id says which arguments the action uses: none, or all.
  const noArguments = `00${'a'.repeat(40)}`;
  const allArguments = `7f${'a'.repeat(40)}`;
  it('passes what Next.js sends for an action without arguments', async () => {
    expect(await checkTextCall(streamOf('[]'), noArguments)).toBe('ok');
  });
  it('refuses anything else, or past the limit', async () => {
    expect(await checkTextCall(streamOf('["a",{"b":1}]'), noArguments)).toBe('malformed');
    expect(await checkTextCall(streamOf('["a",{"b":1}]'), allArguments)).toBe('malformed');
    expect(await checkTextCall(streamOf('{"a":'), allArguments)).toBe('malformed');
    expect(await checkTextCall(streamOf('[]'), 'not-an-id')).toBe('malformed');
    expect(await checkTextCall(streamOf('[', ']'.repeat(100)), noArguments, 10)).toBe('too-large');
  });
});

describe('reading a body within the limit', () => {
  it('stops as soon as a chunked body passes the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readBodyWithin(endless, 10 * 1024)).toBe('too-large');
    expect(pulled).toBeLessThan(20);
    expect(await readBodyWithin(streamOf(new Uint8Array([1, 2]), new Uint8Array([3])), 3)).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect(await readBodyWithin(null, 3)).toEqual(new Uint8Array(0));
  });
});

describe("a script's call (Next-Action)", () => {
  const call = { fetchAction: true };
  it('passes a form as React sends it, with a file', async () => {
    const form = new FormData();
    form.set('0', '[{"status":"idle"},"$K1"]');
    form.set('_1_email', 'ada@example.test');
    form.set('_1_photo', new File([new Uint8Array(100_000)], 'photo.png', { type: 'image/png' }));
    const { body, contentType } = encoded(form);
    expect(await checkMultipartBody(body, contentType, call)).toBe('ok');
    // Chunk boundaries anywhere.
    const text = field('0', '["$K1"]') + field('_1_email', 'a') + end;
    expect(await checkMultipartBody(streamOf(...text.split('')), TYPE, call)).toBe('ok');
  });
  it('refuses a broken or missing boundary, a truncated body and JSON in place of a form', async () => {
    const text = field('0', '["$K1"]') + end;
    expect(await checkMultipartBody(streamOf(text), 'multipart/form-data; boundary=other', call)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(text), 'multipart/form-data', call)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(text.slice(0, -20)), TYPE, call)).toBe('malformed');
    expect(await checkMultipartBody(streamOf('["$K1"]'), TYPE, call)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(''), TYPE, call)).toBe('malformed');
    expect(await checkMultipartBody(null, TYPE, call)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(text), TYPE, call)).toBe('ok');
  });
  it('refuses what busboy, which Next.js decodes calls with, refuses though fetch would read it', async () => {
    const hugeHeader =
      part(`Content-Disposition: form-data; name="0"\r\nX-Pad: ${'a'.repeat(20_000)}`, '["$K1"]') + end;
    expect(await new Response(hugeHeader, { headers: { 'content-type': TYPE } }).formData()).toBeInstanceOf(FormData);
    expect(await checkMultipartBody(streamOf(hugeHeader), TYPE, call)).toBe('malformed');
    // React's decoder throws on a base64-encoded file.
    const base64 =
      field('0', '["$K1"]') +
      part(
        'Content-Disposition: form-data; name="_1_f"; filename="a.png"\r\nContent-Transfer-Encoding: base64',
        'AAAA',
      ) +
      end;
    expect(await checkMultipartBody(streamOf(base64), TYPE, call)).toBe('malformed');
  });
  it('refuses a call whose rows React cannot decode', async () => {
    for (const root of [
      '[{"status":',
      '['.repeat(5000) + ']'.repeat(5000),
      '["$K9","$Q7","$@5","$B3","$h2"]',
      '{"not":"a list"}',
    ]) {
      expect(await checkMultipartBody(streamOf(field('0', root) + end), TYPE, call), root.slice(0, 30)).toBe(
        'malformed',
      );
    }
  });
  it('says too large past the limit, whatever the body, declared or not', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    const chunks = Array.from({ length: FORM_BODY_LIMIT_BYTES / chunk.length + 1 }, () => chunk);
    expect(await checkMultipartBody(streamOf(...chunks), TYPE, call)).toBe('too-large');
    expect(await checkMultipartBody(streamOf(...chunks), 'multipart/form-data', call)).toBe('malformed');
  });
});

describe('a form posted without JavaScript', () => {
  const form = { fetchAction: false };
  it('passes the fields a browser sends, with the previous state of useActionState', async () => {
    const body =
      field('$ACTION_REF_1', '') +
      field('$ACTION_1:0', '{"id":"7fab","bound":"$@1"}') +
      field('$ACTION_1:1', '[{"status":"idle"}]') +
      field('$ACTION_KEY', 'k1') +
      field('email', 'a') +
      end;
    expect(await checkMultipartBody(streamOf(body), TYPE, form)).toBe('ok');
    expect(await checkMultipartBody(streamOf(field('$ACTION_ID_7fab', '') + end), TYPE, form)).toBe('ok');
  });
  it('refuses a broken body and a previous state React cannot decode', async () => {
    expect(await checkMultipartBody(streamOf(field('email', 'a')), TYPE, form)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(field('email', 'a') + end), 'multipart/form-data', form)).toBe(
      'malformed',
    );
    const state = (row: string) =>
      field('$ACTION_REF_1', '') +
      field('$ACTION_1:0', '{"id":"7fab","bound":"$@1"}') +
      field('$ACTION_1:1', row) +
      end;
    expect(await checkMultipartBody(streamOf(state('[{"status":')), TYPE, form)).toBe('malformed');
    expect(await checkMultipartBody(streamOf(state('['.repeat(5000))), TYPE, form)).toBe('malformed');
  });
  it('sends back a body over the limit as too large', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    const chunks = Array.from({ length: FORM_BODY_LIMIT_BYTES / chunk.length + 1 }, () => chunk);
    expect(await checkMultipartBody(streamOf(...chunks), TYPE, form)).toBe('too-large');
  });
});
