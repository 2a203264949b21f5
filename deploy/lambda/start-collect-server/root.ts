import { CollectionServerRuns } from '../../../src/application/daily/collection-server-runs';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { entryRoot } from '../shared/entry-root';

export const START_COLLECT_SERVER = 'start_collect_server';

/** `start_collect_server`: the collection server's runs over the server port (EC2 on `aws`) and the journal. */
export const createStartCollectServerRoot = entryRoot({
  name: START_COLLECT_SERVER,
  ports: ['server', 'journal'],
  services: [CollectionServerRuns],
  adapters: ENTRY_ADAPTERS,
});
