/**
 * What a writer expects of a stream when it appends: the version it read (the number of events it
 * holds), that the stream does not exist yet, that it exists, or nothing at all. An append whose
 * expectation does not hold is refused, so a decision made on a state that has since changed is
 * never written.
 */
export type ExpectedStreamVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** The version of a stream that holds no event. */
export const NO_STREAM_VERSION = 0;

/** Whether a stream at `current` version meets what the writer expected. */
export const matchesExpectedVersion = (current: number, expected: ExpectedStreamVersion): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === NO_STREAM_VERSION;
  if (expected === 'stream_exists') return current > NO_STREAM_VERSION;
  return current === expected;
};

/** Words for an expectation, for error messages. */
export const describeExpectedVersion = (expected: ExpectedStreamVersion): string =>
  typeof expected === 'number' ? `version ${expected}` : expected.replace('_', ' ');
