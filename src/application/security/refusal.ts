/** Why a request is not served, as the security rules tell it: the transports send it as it is. */
export interface Refusal {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal with the usual `{ error, message }` body. */
export const refusal = (status: number, error: string, message: string): Refusal => ({
  status,
  body: { error, message },
});
