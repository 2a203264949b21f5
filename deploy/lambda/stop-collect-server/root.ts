import { TOKENS } from '../../../src/ports/tokens';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { entryRoot } from '../shared/entry-root';

export const STOP_COLLECT_SERVER = 'stop_collect_server';

/** `stop_collect_server`: the server port alone (EC2 on `aws`). */
export const createStopCollectServerRoot = entryRoot({
  name: STOP_COLLECT_SERVER,
  ports: ['server'],
  services: [TOKENS.server],
  adapters: ENTRY_ADAPTERS,
});
