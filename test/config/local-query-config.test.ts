import { DEFAULT_QUERY_MEMORY_BYTES, readQueryMemory } from '../../src/config/local-query-config';
import { isLocusError } from '../../src/ports';

describe('LOCUS_QUERY_MEMORY', () => {
  it('is 192 MB when unset or blank', () => {
    expect(readQueryMemory({})).toBe(DEFAULT_QUERY_MEMORY_BYTES);
    expect(readQueryMemory({ LOCUS_QUERY_MEMORY: '  ' })).toBe(192_000_000);
  });

  it('reads a size in bytes, decimal or binary units', () => {
    expect(readQueryMemory({ LOCUS_QUERY_MEMORY: '1GiB' })).toBe(2 ** 30);
    expect(readQueryMemory({ LOCUS_QUERY_MEMORY: '512MB' })).toBe(512_000_000);
    expect(readQueryMemory({ LOCUS_QUERY_MEMORY: '128MiB' })).toBe(128 * 2 ** 20);
  });

  it.each(['lots', '-1GB', '64MiB', '127MiB', '1MB', '12 parsecs'])(
    'refuses %p as a configuration error',
    (text) => {
      let error: unknown;
      try {
        readQueryMemory({ LOCUS_QUERY_MEMORY: text });
      } catch (caught) {
        error = caught;
      }
      expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
      expect((error as Error).message).toContain(`LOCUS_QUERY_MEMORY "${text}"`);
    },
  );
});
