/** A failed API call: its HTTP status and the server's message. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the console's API; resolves to the JSON answer, rejects with an {@link ApiError}. */
export const api = async (path, options = {}) => {
  const response = await fetch(`/console/api/${path}`, {
    credentials: 'same-origin',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    ...options,
  });
  const text = await response.text();
  const body = text === '' ? null : JSON.parse(text);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
};
