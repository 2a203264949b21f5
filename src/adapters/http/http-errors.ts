import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyRequest } from 'fastify';
import {
  errorResponse,
  type IngestResponse,
  payloadTooLarge,
  unsupportedMediaType,
} from '../ingest/ingest-response';

/** Turns what fastify throws before a handler runs (body too large, bad length, …) into an answer. */
export const frameworkErrorResponse = (
  error: FastifyError,
  maxBodyBytes: number,
): IngestResponse | undefined => {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge(maxBodyBytes);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType();
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return errorResponse(status, 'bad_request', error.message);
  return undefined;
};

/** Of a body refused as too large, at most this many more bytes are read (and dropped) before the answer. */
export const OVERSIZED_DRAIN_BYTES = 64 * 1024 * 1024;

/** And for at most this long. */
export const OVERSIZED_DRAIN_MS = 30_000;

/**
 * Lets a client that writes its whole body before reading the answer read the `413`: the rest of
 * the body is read and dropped first, up to {@link OVERSIZED_DRAIN_BYTES} or
 * {@link OVERSIZED_DRAIN_MS}, and only then is the answer sent and the connection closed (closing
 * at once would make the client's writes fail with EPIPE and lose the answer). Past the bound the
 * answer goes out at once, as before.
 */
export const drainOversizedBody = (request: FastifyRequest): Promise<void> => drainBody(request.raw);

/** {@link drainOversizedBody} on a Node request. */
export const drainBody = (raw: IncomingMessage): Promise<void> => {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let drained = 0;
    const done = (): void => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', done);
      raw.off('close', done);
      raw.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      drained += chunk.length;
      if (drained > OVERSIZED_DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, OVERSIZED_DRAIN_MS);
    timer.unref();
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
};
