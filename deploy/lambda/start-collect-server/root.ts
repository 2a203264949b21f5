import { CollectionServerRuns } from '../../../src/application/daily/collection-server-runs';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';

export const START_COLLECT_SERVER = 'start_collect_server';

/**
 * The composition root of `start_collect_server`: the collection server's runs over the server
 * port (EC2 on `aws`) and the journal, nothing else (no Redshift setting is needed).
 */
export const createStartCollectServerRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: START_COLLECT_SERVER,
      ports: ['server', 'journal'],
      services: [CollectionServerRuns],
      adapters: ENTRY_ADAPTERS,
    },
    env,
    options,
  );
