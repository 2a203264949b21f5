import { collectionServerDecider } from '../../src/domain';
import { DeciderSpecification } from '../support/decider-spec';

const spec = DeciderSpecification.for(collectionServerDecider);
const started = {
  type: 'CollectionServerStarted',
  data: { runId: 'r1', date: '2026-11-28', startedAt: 1 },
} as const;

describe('collection server decider', () => {
  it('starts a stopped server', () => {
    spec
      .given([])
      .when({ type: 'StartCollectionServer', data: { runId: 'r1', date: '2026-11-28', at: 1 } })
      .then([started]);
  });

  it('does not start a running server again', () => {
    spec
      .given([started])
      .when({ type: 'StartCollectionServer', data: { runId: 'r2', date: '2026-11-28', at: 2 } })
      .thenNothingHappens();
  });

  it('stops a running server with the outcome of the run', () => {
    spec
      .given([started])
      .when({ type: 'StopCollectionServer', data: { runId: 'r1', outcome: 'failed', error: 'boom', at: 3 } })
      .then([
        {
          type: 'CollectionServerStopped',
          data: { runId: 'r1', outcome: 'failed', error: 'boom', stoppedAt: 3 },
        },
      ]);
  });

  it('stopping a stopped server changes nothing', () => {
    spec
      .given([])
      .when({ type: 'StopCollectionServer', data: { runId: 'r1', outcome: 'succeeded', at: 3 } })
      .thenNothingHappens();
  });
});
