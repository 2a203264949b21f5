import { errorResponse, type IngestResponse, unsupportedMediaType } from './ingest-response';

/** Whether a `Content-Type` names JSON (`application/json`, or any `+json` type), parameters aside. */
export const isJsonContentType = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
};

/** A body's text read as JSON: its value, or why it is not JSON. */
export type ParsedText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: Error };

/** Parses a body's text once (whatever its content type says: the device check reads it too). */
export const parseText = (text: string): ParsedText => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
};

export type ParsedBody = { ok: true; value: unknown } | { ok: false; response: IngestResponse };

/**
 * A body as the ingest endpoints take it: JSON only, with a clear 400/415 otherwise. `parsed` is
 * the text already parsed (by the device check), so that it is parsed at most once.
 */
export const parseJsonBody = (
  text: string,
  contentType: string | undefined,
  parsed?: ParsedText,
): ParsedBody => {
  if (!isJsonContentType(contentType)) return { ok: false, response: unsupportedMediaType() };
  if (text.trim() === '')
    return { ok: false, response: errorResponse(400, 'invalid_json', 'the body is empty') };
  const json = parsed ?? parseText(text);
  if (json.ok) return json;
  return {
    ok: false,
    response: errorResponse(400, 'invalid_json', `the body is not valid JSON: ${json.error.message}`),
  };
};
