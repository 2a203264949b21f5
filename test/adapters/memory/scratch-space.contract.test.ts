import { InMemoryScratchSpace } from '../../../src/adapters/memory';
import { describeScratchSpaceContract } from '../../contracts/scratch-space.contract';

describeScratchSpaceContract('InMemoryScratchSpace', async () => ({ scratch: new InMemoryScratchSpace() }));
