import { FileScratchSpace } from '../../src/adapters/local/file-scratch-space';
import { LOCAL_TOKENS } from '../../src/adapters/local/local-tokens';
import { DailyRunService, ReportService } from '../../src/application';
import { type AdapterTable, once, singleton } from '../../src/composition/adapter-entry';
import { awsClient } from '../../src/composition/aws-adapters';
import { mergeTables } from '../../src/composition/registry';
import { adapterOf, type LocusConfig } from '../../src/config/locus-config';
import { LocusError } from '../../src/ports/errors';
import type { PortName } from '../../src/ports/port-names';
import { ENTRY_ADAPTERS } from '../lambda/shared/entry-adapters';
import { entryRoot } from '../lambda/shared/entry-root';
import { readCollectServerSettings } from './server-settings';
import { SERVER_TOKENS } from './server-tokens';
import { createLambdaClient, StopFunctionServerLifecycle } from './stop-function-lifecycle';

export const COLLECT_SERVER = 'collect_server';

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
      once(
        SERVER_TOKENS.StopFunction,
        ({ variables }) => readCollectServerSettings({ variables }).stopFunction ?? '',
      ),
    ),
  },
};

/**
 * On `aws`, the server's scratch space is its disk (`LOCUS_DATA_DIR`; a peak day does not fit in
 * memory). On EC2 it stops itself through `stop_collect_server` when `LOCUS_AWS_STOP_FUNCTION` is
 * set, else through EC2 (`LOCUS_AWS_INSTANCE_ID`); with neither it could not stop, and does not start.
 */
const serverPicks = (config: LocusConfig): Partial<Record<PortName, string>> => {
  const picks =
    config.profile === 'aws' && adapterOf(config, 'scratch') === 'memory' ? { scratch: 'folder' } : {};
  if (adapterOf(config, 'server') !== 'ec2') return picks;
  if (readCollectServerSettings(config).stopFunction !== undefined)
    return { ...picks, server: 'stop-function' };
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
 * The collect server (the EC2 entry point): the daily run and report services. It holds the queue
 * (the daily run's store step) but does not reach it: the scheduled store runs drain it.
 */
export const createCollectServerRoot = entryRoot({
  name: COLLECT_SERVER,
  ports: ['queue', 'batches', 'partitions', 'reportQuery', 'reports', 'journal', 'lock', 'scratch', 'server'],
  services: [DailyRunService, ReportService],
  adapters: mergeTables([ENTRY_ADAPTERS, SERVER_ADAPTERS]),
  picks: serverPicks,
});
