import type { IncomingMessage } from 'node:http';
import { drainBody } from './http-errors';

/** A request body read as text, or why it was not. */
export type BodyReading =
  | { readonly kind: 'text'; readonly text: string }
  /** Over the limit: the rest was read and dropped (within the drain's bounds), so that the 413 is read. */
  | { readonly kind: 'too-large' }
  /** The client went away first. */
  | { readonly kind: 'aborted' };

const TOO_LARGE: BodyReading = { kind: 'too-large' };
const ABORTED: BodyReading = { kind: 'aborted' };

/**
 * Reads a request's body as UTF-8 text, up to `limit` bytes: a declared length over it is refused
 * before a byte is read, a body that grows past it as soon as it does (as fastify's body limit).
 */
export const readBody = (request: IncomingMessage, limit: number): Promise<BodyReading> => {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return drainBody(request).then(() => TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      void drainBody(request).then(() => resolve(TOO_LARGE));
    };
    const onEnd = (): void => {
      stop();
      const text =
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks, size).toString('utf8');
      resolve({ kind: 'text', text });
    };
    const onClose = (): void => {
      stop();
      resolve(ABORTED);
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
  });
};
