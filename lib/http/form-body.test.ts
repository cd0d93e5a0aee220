import { describe, expect, it } from 'vitest';
import { actionBodyKind, checkTextCall, multipartBoundary, readBodyWithin } from './form-body';

function streamOf(...chunks: (Uint8Array | string)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });
}

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
    expect(await readBodyWithin(streamOf(new Uint8Array([1, 2]), new Uint8Array([3])), 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await readBodyWithin(null, 3)).toEqual(new Uint8Array(0));
  });
});
