import type { FastifyError } from 'fastify';
import { errorResponse, type IngestResponse } from '../../application/receive/receive-response';

/** Turns what fastify throws before a handler runs (body too large, bad length, …) into an answer. */
export const frameworkErrorResponse = (
  error: FastifyError,
  maxBodyBytes: number,
): IngestResponse | undefined => {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorResponse(413, 'payload_too_large', `the body is larger than ${maxBodyBytes} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorResponse(
        415,
        'unsupported_media_type',
        'send the location as JSON (Content-Type: application/json)',
      );
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return errorResponse(status, 'bad_request', error.message);
  return undefined;
};
