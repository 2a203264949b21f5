import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUNDLES, type BuiltBundle, buildBundles, FORBIDDEN_PACKAGES } from '../../build/bundle';
import { probeBundle } from '../../build/measure';
import { sampleAwsEnv } from '../../build/sample-env';

const run = promisify(execFile);

/**
 * Builds every bundle with esbuild into a temporary folder, then loads each in a fresh Node.js
 * process and resolves its container: what esbuild drops (decorator metadata) or cannot bundle
 * shows here, not at the first invocation in AWS.
 */
describe('the deployable bundles', () => {
  let dir: string;
  let env: Record<string, string>;
  const built = new Map<string, BuiltBundle>();
  const bundle = (name: string): BuiltBundle => built.get(name) as BuiltBundle;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'locus-bundles-'));
    env = sampleAwsEnv(path.join(dir, 'data'));
    for (const b of await buildBundles({ outDir: path.join(dir, 'dist') })) built.set(b.name, b);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds one file per entry point where the stack expects it', () => {
    expect([...built.values()].map((b) => path.relative(path.join(dir, 'dist'), b.file)).sort()).toEqual([
      'collect-server/index.js',
      'lambda/parse_request/index.js',
      'lambda/start_collect_server/index.js',
      'lambda/stop_collect_server/index.js',
      'lambda/store_request/index.js',
    ]);
    expect(built.size).toBe(BUNDLES.length);
  });

  it('carries the AWS SDK it was tested with, and no native or local-profile package', () => {
    for (const b of built.values()) {
      expect(Object.keys(b.packages).filter((name) => FORBIDDEN_PACKAGES.includes(name))).toEqual([]);
      expect(b.packages).toHaveProperty(['@aws-sdk/core']);
    }
    expect(Object.keys(bundle('parse_request').packages)).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sqs']),
    );
    // The hot path carries SQS, and S3 for the tracking apps' refused items: no Redshift or EC2 client.
    for (const unused of ['@aws-sdk/client-redshift-data', '@aws-sdk/client-ec2']) {
      expect(bundle('parse_request').packages).not.toHaveProperty([unused]);
    }
    expect(bundle('collect-server').packages).toHaveProperty(['@aws-sdk/client-lambda']);
  });

  /** A port the entry point does not build: nothing is bound to it. */
  const NOT_BUILT = expect.stringMatching(/^error: No bindings found/);
  const expectations: Record<string, { services: string[]; ports: Record<string, unknown> }> = {
    parse_request: {
      services: ['ReceiveService', 'ClientIntake'],
      ports: {
        queue: 'SqsLocationQueue',
        rejected: 'S3RejectedStore',
        tokens: 'SsmTokenStore',
        batches: NOT_BUILT,
      },
    },
    store_request: {
      services: ['StoreService'],
      ports: {
        queue: 'SqsLocationQueue',
        batches: 'S3BatchStore',
        journal: 'S3EventJournal',
        reportQuery: NOT_BUILT,
      },
    },
    start_collect_server: {
      services: ['CollectionServerRuns'],
      ports: {
        server: 'Ec2ServerLifecycle',
        journal: 'S3EventJournal',
        reportQuery: NOT_BUILT,
        queue: NOT_BUILT,
      },
    },
    stop_collect_server: {
      services: ['Ec2ServerLifecycle'],
      ports: { server: 'Ec2ServerLifecycle', journal: NOT_BUILT },
    },
    'collect-server': {
      services: ['DailyRunService', 'ReportService'],
      ports: {
        queue: 'SqsLocationQueue',
        batches: 'S3BatchStore',
        partitions: 'S3PartitionStore',
        reportQuery: 'RedshiftSpectrumReportQuery',
        reports: 'S3ReportStore',
        lock: 'S3RunLock',
        scratch: 'FileScratchSpace',
        server: 'StopFunctionServerLifecycle',
      },
    },
  };

  it.each(Object.keys(expectations))(
    '%s loads in a fresh process and resolves its container (aws profile)',
    async (name) => {
      const probe = await probeBundle(bundle(name), env);
      const expected = expectations[name] as (typeof expectations)[string];
      expect(probe.services).toEqual(expected.services);
      expect(probe.ports).toEqual(expect.objectContaining(expected.ports));
      expect(probe.handler).toBe(name === 'collect-server' ? 'undefined' : 'function');
    },
  );

  /** Runs a script in a fresh process that has loaded one bundle as `bundle`. */
  const inProcess = async (name: string, script: string, extraEnv: Record<string, string> = {}) => {
    const { stdout } = await run(
      process.execPath,
      ['-e', `const bundle = require(${JSON.stringify(bundle(name).file)});\n(async () => { ${script} })();`],
      { env: { PATH: process.env.PATH ?? '', ...env, ...extraEnv }, timeout: 30_000 },
    );
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
  };

  const EVENT = (contentType: string) =>
    JSON.stringify({
      version: '2.0',
      routeKey: 'POST /locations',
      rawPath: '/locations',
      headers: { 'content-type': contentType },
      requestContext: { requestId: 'bundle-test', http: { method: 'POST', path: '/locations' } },
      isBase64Encoded: true,
      body: Buffer.from(
        JSON.stringify({
          deviceId: 'phone-1',
          latitude: 35.6,
          longitude: 139.7,
          timestamp: '2026-11-28T09:00:00Z',
        }),
      ).toString('base64'),
    });
  const CONTEXT = `{ awsRequestId: 'r-1', functionName: 'parse_request', getRemainingTimeInMillis: () => 1000 }`;

  it('parse_request answers from the bundle: 415 on aws without touching SQS, 202 on the memory profile', async () => {
    const [refused] = await inProcess(
      'parse_request',
      `const r = await bundle.handler(${EVENT('text/plain')}, ${CONTEXT}); console.log(JSON.stringify(r));`,
    );
    expect(refused).toEqual(expect.objectContaining({ statusCode: 415 }));
    const [accepted] = await inProcess(
      'parse_request',
      `const r = await bundle.handler(${EVENT('application/json')}, ${CONTEXT}); console.log(JSON.stringify(r));`,
      { LOCUS_PROFILE: 'memory' },
    );
    expect(accepted).toEqual(expect.objectContaining({ statusCode: 202 }));
    expect(JSON.parse(accepted.body).accepted).toBe(1);
  });

  it('the collect server runs once when started as a program, and exits 0', async () => {
    const { stdout } = await run(process.execPath, [bundle('collect-server').file, '--date', '2026-11-27'], {
      env: { PATH: process.env.PATH ?? '', ...env, LOCUS_PROFILE: 'memory' },
      timeout: 30_000,
    });
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'the daily run succeeded', date: '2026-11-27' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'the server is being stopped', outcome: 'succeeded' }),
    );
  });

  it('the collect server exits 1 when it cannot run', async () => {
    const failure = await run(process.execPath, [bundle('collect-server').file, '--no-such-option'], {
      env: { PATH: process.env.PATH ?? '', ...env, LOCUS_PROFILE: 'memory' },
      timeout: 30_000,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
    const { code, stdout, stderr } = failure as { code?: number; stdout?: string; stderr?: string };
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toContain('unknown option --no-such-option');
  });
});
