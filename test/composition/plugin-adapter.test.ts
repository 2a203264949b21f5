import path from 'node:path';
import { describeRunLockContract } from 'locus/testing';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { isLocusError } from '../../src/ports';
import { TOKENS } from '../../src/ports/tokens';
import { ManualClock } from '../support/manual-clock';

const REPO = path.resolve(__dirname, '../..');

/** A `locus` root on the memory profile with one port's adapter named by a variable, run from the repository. */
const rootWith = async (variables: Record<string, string>, clock = new ManualClock()) => {
  const config = readLocusConfig({ env: { LOCUS_PROFILE: 'memory', ...variables }, cwd: REPO });
  return createCliRoot(config, { clock, ports: ['lock'] });
};

// The published entry (`locus/testing`, package.json "exports"), as a plugin's author runs it.
describeRunLockContract('map-run-lock.js, plugged in by LOCUS_ADAPTER_LOCK', async () => {
  const clock = new ManualClock();
  const root = await rootWith({ LOCUS_ADAPTER_LOCK: './test/fixtures/plugins/map-run-lock.js' }, clock);
  return {
    lock: root.get(TOKENS.lock),
    advanceTime: (ms) => clock.advance(ms),
    teardown: () => root.close(),
  };
});

const failureOf = async (work: () => Promise<unknown>): Promise<Error> => {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
  return error as Error;
};

describe('an adapter from a module that does not fit', () => {
  it('is refused when the module exports no createAdapter', async () => {
    const error = await failureOf(() =>
      rootWith({ LOCUS_ADAPTER_LOCK: './test/fixtures/plugins/no-factory.js' }),
    );
    expect(error.message).toContain(
      'LOCUS_ADAPTER_LOCK=./test/fixtures/plugins/no-factory.js: the module exports no createAdapter function',
    );
  });

  it('is refused when the module is missing, with the registered choices', async () => {
    const error = await failureOf(() => rootWith({ LOCUS_ADAPTER_LOCK: './adapters/nowhere.js' }));
    expect(error.message).toContain(`no module ${path.join(REPO, 'adapters/nowhere.js')} can be loaded`);
    const typo = await failureOf(() => rootWith({ LOCUS_ADAPTER_LOCK: 'sqllite' }));
    expect(typo.message).toContain('a registered adapter is one of memory, s3, sqlite');
  });

  it('names why its factory failed, when the port is first used', async () => {
    const root = await rootWith({ LOCUS_ADAPTER_LOCK: './test/fixtures/plugins/failing-factory.js' });
    const error = await failureOf(async () => root.get(TOKENS.lock));
    expect(error.message).toContain('createAdapter failed: MY_LOCK_URL is not set (unset)');
    await root.close();
  });

  it("names the port's methods the adapter lacks", async () => {
    const root = await rootWith({ LOCUS_ADAPTER_LOCK: './test/fixtures/plugins/incomplete-lock.js' });
    const error = await failureOf(async () => root.get(TOKENS.lock));
    expect(error.message).toContain(
      'the adapter lacks renew, release, holderOf (a lock adapter has acquire, renew, release, holderOf)',
    );
    await root.close();
  });
});
