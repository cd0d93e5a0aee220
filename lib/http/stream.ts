/**
 * A response body read from `pieces` as the client takes it: one piece queued ahead at most, so
 * the next query of a large download waits until the client has taken the last. A client that
 * goes away ends the generator (its `finally` runs).
 */
export function pullStream(pieces: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
      },
      async cancel() {
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
