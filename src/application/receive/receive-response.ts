import { isLocusError } from '../../ports';
import type { ReceiveOutcome } from './receive-service';

/** A transport-neutral answer: the HTTP server and the Lambda handler both send exactly this. */
export interface IngestResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export const acceptedResponse = (outcome: ReceiveOutcome): IngestResponse =>
  outcome.kind === 'accepted'
    ? { status: 202, body: { accepted: outcome.ids.length, ids: outcome.ids, rejected: outcome.rejected } }
    : {
        status: 400,
        body: { error: 'invalid_request', message: outcome.message, rejected: outcome.rejected },
      };

/** The answer for a request that failed before or while it was received. */
export const failureResponse = (error: unknown): IngestResponse => {
  if (isLocusError(error, 'QUEUE_UNAVAILABLE')) {
    return {
      status: 503,
      body: {
        error: 'unavailable',
        message: 'the location could not be stored; nothing was accepted, retry later',
      },
      headers: { 'retry-after': '5' },
    };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error; nothing was accepted' } };
};

export const errorResponse = (status: number, error: string, message: string): IngestResponse => ({
  status,
  body: { error, message },
});

/** Whether a `Content-Type` names JSON (`application/json`, or any `+json` type), parameters aside. */
export const isJsonContentType = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
};

/** Parses a request body as the ingest endpoints do: JSON only, with a clear 400/415 otherwise. */
export const parseJsonBody = (
  text: string,
  contentType: string | undefined,
): { ok: true; value: unknown } | { ok: false; response: IngestResponse } => {
  if (!isJsonContentType(contentType)) {
    return {
      ok: false,
      response: errorResponse(
        415,
        'unsupported_media_type',
        'send the location as JSON (Content-Type: application/json)',
      ),
    };
  }
  if (text.trim() === '')
    return { ok: false, response: errorResponse(400, 'invalid_json', 'the body is empty') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      response: errorResponse(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`),
    };
  }
};
