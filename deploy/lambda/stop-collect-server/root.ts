import { TOKENS } from '../../../src/ports/tokens';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';

export const STOP_COLLECT_SERVER = 'stop_collect_server';

/** The composition root of `stop_collect_server`: the server port alone (EC2 on `aws`). */
export const createStopCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: STOP_COLLECT_SERVER,
      ports: ['server'],
      services: [TOKENS.ServerLifecycle],
      adapters: ENTRY_ADAPTERS,
    },
    env,
    options,
  );
