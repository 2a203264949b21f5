import type { WireRequest } from './wire-formats';

/** What came of one request: the server's answer, or why there was none. */
export type SendResult =
  | { readonly kind: 'answer'; readonly status: number; readonly text: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly message: string };

/** Sends one request and waits at most `timeoutMs` for the whole answer. */
export type Sender = (request: WireRequest, timeoutMs: number) => Promise<SendResult>;

/** The full URL of a request under a base URL (which may carry a path, e.g. an API stage). */
export const urlOf = (base: string, request: WireRequest): string => {
  const query = new URLSearchParams(request.query).toString();
  return `${base.replace(/\/+$/, '')}${request.path}${query === '' ? '' : `?${query}`}`;
};

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

/**
 * A sender over Node's `fetch` (undici, keep-alive connections) that talks only to `base`, with
 * the device token, if given, as `Authorization: Bearer <token>` on every request. A
 * request that has no complete answer within the timeout is aborted and reported as a timeout:
 * the server may still have stored it, which is why the device sends it again unchanged.
 */
export const fetchSender =
  (base: string, token?: string): Sender =>
  async (request, timeoutMs) => {
    try {
      const response = await fetch(urlOf(base, request), {
        method: request.method,
        headers:
          token === undefined ? request.headers : { ...request.headers, authorization: `Bearer ${token}` },
        ...(request.body === '' ? {} : { body: request.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { kind: 'answer', status: response.status, text: await response.text() };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'network', message: causeOf(error) };
    }
  };
