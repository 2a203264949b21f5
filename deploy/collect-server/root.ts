import type { Container } from 'inversify';
import { AWS_TOKENS } from '../../src/adapters/aws/aws-tokens';
import { FileScratchSpace } from '../../src/adapters/local/file-scratch-space';
import { LOCAL_TOKENS } from '../../src/adapters/local/local-tokens';
import { DailyRunService, ReportService } from '../../src/application';
import { TOKENS } from '../../src/application/tokens';
import { awsBinders } from '../../src/composition/aws-binders';
import { type LocusConfig, profileOf } from '../../src/config/locus-config';
import { SettingReader } from '../../src/config/setting-reader';
import { LocusError } from '../../src/ports/errors';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../lambda/shared/entry-root';
import { SERVER_TOKENS } from './server-tokens';
import { createLambdaClient, StopFunctionServerLifecycle } from './stop-function-lifecycle';

export const COLLECT_SERVER = 'collect_server';

/** A Lambda function name, or its (possibly qualified) ARN. */
const FUNCTION_NAME =
  /^(arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

/** The collect server's own settings, read like every other (one error names every problem). */
export interface CollectServerSettings {
  /** `LOCUS_AWS_STOP_FUNCTION`: how the server stops itself on `aws` (else the lifecycle port's EC2 call). */
  readonly stopFunction?: string;
  /** `LOCUS_RUN_DATE_TAG`: an instance tag whose value (YYYY-MM-DD) adds a date to report. */
  readonly runDateTag?: string;
  /** `LOCUS_IMDS_ENDPOINT`: the instance metadata service (tags are read there). */
  readonly imdsEndpoint: string;
}

export const readCollectServerSettings = (config: LocusConfig): CollectServerSettings => {
  const reader = new SettingReader(config.variables, () => '');
  const stopFunction = reader.text(
    'LOCUS_AWS_STOP_FUNCTION',
    '',
    FUNCTION_NAME,
    'not a Lambda function name or ARN',
  );
  const runDateTag = reader.text(
    'LOCUS_RUN_DATE_TAG',
    '',
    /^[A-Za-z0-9 +=._:@-]{1,128}$/,
    'not an instance tag key',
  );
  const imdsEndpoint = reader.text(
    'LOCUS_IMDS_ENDPOINT',
    'http://169.254.169.254',
    /^https?:\/\/\S+$/,
    'not a URL',
  );
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the collect server is not configured:${reader.problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  return {
    ...(stopFunction === '' ? {} : { stopFunction }),
    ...(runDateTag === '' ? {} : { runDateTag }),
    imdsEndpoint: imdsEndpoint.replace(/\/+$/, ''),
  };
};

/**
 * On `aws`, the server's scratch space is its disk (`LOCUS_DATA_DIR`; a peak day does not fit in
 * memory) and it stops itself through `stop_collect_server` when `LOCUS_AWS_STOP_FUNCTION` is set.
 */
const serverAdapters = (container: Container, config: LocusConfig): void => {
  if (profileOf(config, 'scratch') === 'aws') {
    container.bind(LOCAL_TOKENS.Config).toConstantValue({ dataDir: config.dataDir });
    container.rebindSync(TOKENS.ScratchSpace).to(FileScratchSpace).inSingletonScope();
  }
  if (profileOf(config, 'lifecycle') !== 'aws') return;
  const { stopFunction } = readCollectServerSettings(config);
  if (stopFunction === undefined) {
    if ((config.variables.LOCUS_AWS_INSTANCE_ID ?? '').trim() !== '') return;
    throw new LocusError(
      'CONFIGURATION',
      'the collect server cannot stop itself: set LOCUS_AWS_STOP_FUNCTION (the stop_collect_server function) ' +
        'or LOCUS_AWS_INSTANCE_ID (stop through EC2 directly)',
    );
  }
  container.bind(SERVER_TOKENS.StopFunction).toConstantValue(stopFunction);
  container
    .bind(SERVER_TOKENS.LambdaClient)
    .toDynamicValue((context) => createLambdaClient(context.get(AWS_TOKENS.Config)))
    .inSingletonScope()
    .onDeactivation((client) => client.destroy());
  container.rebindSync(TOKENS.ServerLifecycle).to(StopFunctionServerLifecycle).inSingletonScope();
};

/**
 * The composition root of the collect server (the EC2 entry point): the daily run and report
 * services over every port but the queue, from `LOCUS_*` variables.
 */
export const createCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: COLLECT_SERVER,
      ports: ['batches', 'partitions', 'reportQuery', 'reports', 'journal', 'lock', 'scratch', 'lifecycle'],
      services: [DailyRunService, ReportService],
      aws: awsBinders,
      customize: serverAdapters,
    },
    env,
    options,
  );
