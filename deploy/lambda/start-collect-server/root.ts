import { DailyRunService } from '../../../src/application';
import { awsBinders } from '../../../src/composition/aws-binders';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';

export const START_COLLECT_SERVER = 'start_collect_server';

/**
 * The composition root of `start_collect_server`: the daily run service, of which it calls only
 * `startServer` (the server lifecycle, EC2 on `aws`, and the journal). The partition and report
 * ports the service also holds are stand-ins: this function needs no Redshift setting.
 */
export const createStartCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: START_COLLECT_SERVER,
      ports: ['journal', 'lifecycle'],
      services: [DailyRunService],
      aws: awsBinders,
    },
    env,
    options,
  );
