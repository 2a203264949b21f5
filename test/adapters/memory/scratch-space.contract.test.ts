import { InMemoryScratchSpace } from '../../../src/adapters/memory';
import { describeScratchSpaceContract } from '../../../src/testing';

describeScratchSpaceContract('InMemoryScratchSpace', async () => ({ scratch: new InMemoryScratchSpace() }));
