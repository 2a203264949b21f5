import { readLocusConfig } from '../../src/config/locus-config';
import { isLocusError } from '../../src/ports';

const read = (env: Record<string, string>) => readLocusConfig({ env, cwd: '/srv/locus' });

describe('the settings of locus serve', () => {
  it('runs the schedules and journals the counts every 10 s unless told otherwise', () => {
    expect(read({}).serve).toEqual({ schedules: 'on', tallyEveryMs: 10_000 });
  });

  it('reads LOCUS_SCHEDULES and LOCUS_TALLY_EVERY', () => {
    expect(read({ LOCUS_SCHEDULES: 'off', LOCUS_TALLY_EVERY: '5m' }).serve).toEqual({
      schedules: 'off',
      tallyEveryMs: 300_000,
    });
  });

  it('refuses other values, naming the variables', () => {
    let message = '';
    try {
      read({ LOCUS_SCHEDULES: 'never', LOCUS_TALLY_EVERY: '2h' });
    } catch (error) {
      if (isLocusError(error, 'CONFIGURATION')) message = error.message;
    }
    expect(message).toMatch(/LOCUS_SCHEDULES/);
    expect(message).toMatch(/LOCUS_TALLY_EVERY/);
  });
});
