/** An error thrown by the caller's input while it was being written (passed on unchanged). */
export class SourceFailure {
  constructor(readonly error: unknown) {}
}

/** Iterates a caller's input, marking what it throws so that it is not taken for a storage error. */
export async function* guardSource<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    for await (const item of source) yield item;
  } catch (error) {
    throw new SourceFailure(error);
  }
}

/** The caller's own error when the input failed, otherwise `translate(error)`. */
export const unlessSourceFailed = (error: unknown, translate: (error: unknown) => Error): unknown =>
  error instanceof SourceFailure ? error.error : translate(error);
