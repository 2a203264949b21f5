import { FileScratchSpace } from '../../src/adapters/local/file-scratch-space';
import { LOCAL_TOKENS } from '../../src/adapters/local/local-tokens';
import { DailyRunService, ReportService } from '../../src/application';
import { type AdapterTable, once, singleton } from '../../src/composition/adapter-entry';
import { awsClient } from '../../src/composition/aws-adapters';
import { mergeTables } from '../../src/composition/registry';
import { adapterOf, type LocusConfig } from '../../src/config/locus-config';
import { SettingReader } from '../../src/config/setting-reader';
import { LocusError } from '../../src/ports/errors';
import type { PortName } from '../../src/ports/port-names';
import { ENTRY_ADAPTERS } from '../lambda/shared/entry-adapters';
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

export const readCollectServerSettings = (config: Pick<LocusConfig, 'variables'>): CollectServerSettings => {
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

/** The collect server's own adapters: its disk as scratch space, stopping itself through `stop_collect_server`. */
const SERVER_ADAPTERS: AdapterTable = {
  scratch: {
    folder: singleton(
      FileScratchSpace,
      once(LOCAL_TOKENS.Config, ({ dataDir }) => ({ dataDir })),
    ),
  },
  server: {
    'stop-function': singleton(
      StopFunctionServerLifecycle,
      awsClient(SERVER_TOKENS.LambdaClient, createLambdaClient),
      once(SERVER_TOKENS.StopFunction, ({ variables }) => readStopFunction(variables)),
    ),
  },
};

const readStopFunction = (variables: LocusConfig['variables']): string =>
  readCollectServerSettings({ variables }).stopFunction ?? '';

/**
 * On `aws`, the server's scratch space is its disk (`LOCUS_DATA_DIR`; a peak day does not fit in
 * memory). On EC2 it stops itself through `stop_collect_server` when `LOCUS_AWS_STOP_FUNCTION` is
 * set, else through EC2 (`LOCUS_AWS_INSTANCE_ID`); with neither it could not stop, and does not start.
 */
const serverPicks = (config: LocusConfig): Partial<Record<PortName, string>> => {
  const picks: Partial<Record<PortName, string>> = {};
  if (config.profile === 'aws' && adapterOf(config, 'scratch') === 'memory') picks.scratch = 'folder';
  if (adapterOf(config, 'server') !== 'ec2') return picks;
  const { stopFunction } = readCollectServerSettings(config);
  if (stopFunction !== undefined) return { ...picks, server: 'stop-function' };
  if ((config.variables.LOCUS_AWS_INSTANCE_ID ?? '').trim() === '') {
    throw new LocusError(
      'CONFIGURATION',
      'the collect server cannot stop itself: set LOCUS_AWS_STOP_FUNCTION (the stop_collect_server function) ' +
        'or LOCUS_AWS_INSTANCE_ID (stop through EC2 directly)',
    );
  }
  return picks;
};

/**
 * The composition root of the collect server (the EC2 entry point): the daily run and report
 * services, from `LOCUS_*` variables. It holds the queue (the daily run's store step) but does not
 * reach it: the scheduled store runs drain it.
 */
export const createCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: COLLECT_SERVER,
      ports: [
        'queue',
        'batches',
        'partitions',
        'reportQuery',
        'reports',
        'journal',
        'lock',
        'scratch',
        'server',
      ],
      services: [DailyRunService, ReportService],
      adapters: mergeTables([ENTRY_ADAPTERS, SERVER_ADAPTERS]),
      picks: serverPicks,
    },
    env,
    options,
  );
