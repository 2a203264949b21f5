import { type LocusInfraSettings, readSettings, SettingsError } from '../../infra/settings';
import { cdkJsonContext } from './locus-synth';

const read = (overrides: Record<string, unknown> = {}): LocusInfraSettings => {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...overrides };
  return readSettings((key) => context[key] as string | number | boolean | undefined);
};

const problemsOf = (overrides: Record<string, unknown>): readonly string[] => {
  try {
    read(overrides);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
};

describe('readSettings', () => {
  test('the cdk.json defaults are the documented ones', () => {
    expect(read()).toMatchObject({
      timeZone: 'UTC',
      storeEveryMinutes: 5,
      storeTimeoutMinutes: 10,
      collectAt: { hour: 0, minute: 15 },
      workRetentionDays: 30,
      reportRetentionDays: 90,
      unloadRetentionDays: 1,
      logRetention: 30,
      throttle: { rateLimit: 1000, burstLimit: 2000 },
      instanceType: 'm7g.large',
      bundles: 'auto',
      strict: false,
      redshift: { target: undefined, database: 'dev', externalSchema: 'locus' },
      ingest: 'lambda',
      container: { certificateArn: undefined, minTasks: 2, maxTasks: 8, lingerMs: 1000 },
    });
  });

  test('reads the container ingest settings, and refuses what cannot run', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234';
    expect(
      read({
        ingest: 'container',
        certificateArn,
        ingestMinTasks: '3',
        ingestMaxTasks: '12',
        ingestLingerMs: '50',
      }),
    ).toMatchObject({
      ingest: 'container',
      container: { certificateArn, minTasks: 3, maxTasks: 12, lingerMs: 50 },
    });
    expect(
      problemsOf({
        ingest: 'fargate',
        certificateArn: 'arn:aws:iam::1:role/x',
        ingestMinTasks: 1,
        ingestLingerMs: 0,
      }),
    ).toEqual([
      'ingest "fargate" is not lambda|container',
      'ingestMinTasks "1" is not a whole number from 2 to 100',
      'certificateArn "arn:aws:iam::1:role/x" is not valid',
      'ingestLingerMs "0" is not a whole number from 1 to 1000',
    ]);
    expect(problemsOf({ ingestMinTasks: 6, ingestMaxTasks: 4 })).toEqual([
      'ingestMaxTasks 4 is below ingestMinTasks 6',
    ]);
  });

  test('reads command-line strings as numbers and flags', () => {
    const settings = read({
      storeEveryMinutes: '15',
      throttleRateLimit: '300',
      strict: 'true',
      ...WORKGROUP,
    });
    expect(settings.storeEveryMinutes).toBe(15);
    expect(settings.throttle.rateLimit).toBe(300);
    expect(settings.strict).toBe(true);
  });

  test('takes a workgroup (name and id) or a cluster, never both', () => {
    expect(read(WORKGROUP).redshift.target).toEqual({
      kind: 'workgroup',
      workgroupName: 'locus-wg',
      workgroupId: WORKGROUP.redshiftWorkgroupId,
    });
    expect(read({ redshiftClusterId: 'c1', redshiftDbUser: 'locus' }).redshift.target).toEqual({
      kind: 'cluster',
      clusterId: 'c1',
      dbUser: 'locus',
    });
    expect(problemsOf({ ...WORKGROUP, redshiftClusterId: 'c1' })).toEqual([
      'set redshiftClusterId or redshiftWorkgroupName, not both',
    ]);
    expect(problemsOf({ redshiftWorkgroupName: 'locus-wg' })[0]).toMatch(/needs redshiftWorkgroupId/);
    expect(problemsOf({ redshiftClusterId: 'c1' })[0]).toMatch(/redshiftDbUser or redshiftSecretArn/);
  });

  test('names every invalid value at once', () => {
    const problems = problemsOf({
      timeZone: 'Mars/Olympus',
      collectTime: '24:00',
      storeTimeoutMinutes: 16,
      logRetentionDays: 31,
      bundles: 'maybe',
      redshiftSecretArn: 'not-an-arn',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/Mars\/Olympus/);
    expect(problems.join('\n')).toMatch(/collectTime "24:00"/);
    expect(problems.join('\n')).toMatch(/storeTimeoutMinutes "16"/);
  });

  test('strict refuses a stack that could not work', () => {
    expect(problemsOf({ strict: true })).toEqual([
      'strict: set redshiftClusterId or redshiftWorkgroupName (+ redshiftWorkgroupId)',
    ]);
    expect(problemsOf({ strict: true, bundles: 'placeholder', ...WORKGROUP })[0]).toMatch(/placeholder/);
  });
});

const WORKGROUP = {
  redshiftWorkgroupName: 'locus-wg',
  redshiftWorkgroupId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
} as const;
