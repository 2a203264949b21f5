import { describeExpectedVersion, type ExpectedStreamVersion } from '../../domain';
import { LocusError } from '../../ports';

/** The refusal of an append whose expected version no longer holds. */
export const versionConflict = (
  stream: string,
  expected: ExpectedStreamVersion,
  actual: number,
): LocusError =>
  new LocusError(
    'VERSION_CONFLICT',
    `stream ${stream} is at version ${actual}, not at ${describeExpectedVersion(expected)}: ` +
      'another writer appended first; read the stream again and decide anew',
    { retryable: true },
  );
