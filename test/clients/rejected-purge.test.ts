import { PurgeService } from '../../src/application/security/purge-service';
import { TOKENS } from '../../src/application/tokens';
import { type CliRoot, createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { aRejectedItem } from '../../src/testing';
import { tempDataDir } from '../adapters/local/temp-data-dir';
import { ManualClock } from '../support/manual-clock';

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);

describe('purge and retention erase the refused items of tracking apps (local profile)', () => {
  let root: CliRoot;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    const temp = await tempDataDir();
    remove = temp.remove;
    const config = readLocusConfig({
      env: { LOCUS_PROFILE: 'local', LOCUS_DATA_DIR: temp.dataDir },
      cwd: process.cwd(),
    });
    root = await createCliRoot(config, { clock: new ManualClock(NOW) });
    const store = root.get(TOKENS.rejected);
    await store.keep('2026-11-27', [aRejectedItem(1), aRejectedItem(2)]);
    await store.keep('2026-11-28', [aRejectedItem(3), aRejectedItem(4)]);
  });

  afterEach(async () => {
    await root.close();
    await remove();
  });

  it("a device's purge erases its refused items on every date, and counts them", async () => {
    const outcome = await root
      .get(PurgeService)
      .purge({ deviceId: 'jane-phone', before: null, reason: 'request' });
    expect(outcome.removed.rejected).toBe(2);
    const store = root.get(TOKENS.rejected);
    expect((await store.list('2026-11-27')).map((i) => i.deviceId)).toEqual(['joe-phone']);
    expect((await store.list('2026-11-28')).map((i) => i.deviceId)).toEqual(['joe-phone']);
  });

  it('a purge before a date (retention) erases every refused item that arrived before it', async () => {
    const outcome = await root
      .get(PurgeService)
      .purge({ deviceId: null, before: '2026-11-28', reason: 'retention' });
    expect(outcome.removed.rejected).toBe(2);
    const store = root.get(TOKENS.rejected);
    expect(await store.dates()).toEqual(['2026-11-28']);
    expect(await store.count('2026-11-28')).toBe(2);
  });
});
