import { LocusError } from '../../ports';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Refuses an id that could not be one object name (a path separator, a leading dot, ...). */
export const assertObjectName = (id: string, what: string): string => {
  if (!SAFE_NAME.test(id)) {
    throw new LocusError(
      'CONFIGURATION',
      `${what} "${id}" is not a valid object name (letters, digits, ._-)`,
    );
  }
  return id;
};
