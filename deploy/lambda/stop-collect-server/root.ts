import { TOKENS } from '../../../src/application/tokens';
import { awsBinders } from '../../../src/composition/aws-binders';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';

export const STOP_COLLECT_SERVER = 'stop_collect_server';

/** The composition root of `stop_collect_server`: the server lifecycle port alone (EC2 on `aws`). */
export const createStopCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: STOP_COLLECT_SERVER,
      ports: ['lifecycle'],
      services: [TOKENS.ServerLifecycle],
      aws: awsBinders,
    },
    env,
    options,
  );
