import { injectable } from 'inversify';
import type { LocationRecord } from '../../domain';
import type { ScratchArea, ScratchSpace } from '../../ports';
import { chunksOf, copyRecords } from './record-chunks';

/** One run's scratch area in process memory. */
class InMemoryScratchArea implements ScratchArea {
  private readonly byKey = new Map<string, LocationRecord[]>();
  private disposed = false;

  constructor(private readonly onDispose: () => void) {}

  async append(key: string, records: readonly LocationRecord[]): Promise<void> {
    this.assertOpen();
    const held = this.byKey.get(key) ?? [];
    for (const record of copyRecords(records)) held.push(record);
    this.byKey.set(key, held);
  }

  async *read(key: string): AsyncGenerator<readonly LocationRecord[]> {
    this.assertOpen();
    yield* chunksOf(this.byKey.get(key) ?? []);
  }

  keys(): readonly string[] {
    return [...this.byKey.keys()];
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.byKey.clear();
    this.onDispose();
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('the scratch area was disposed');
  }
}

/** Scratch areas in process memory; each `open` gives a fresh, independent area. */
@injectable()
export class InMemoryScratchSpace implements ScratchSpace {
  private readonly live = new Set<InMemoryScratchArea>();

  async open(_name: string): Promise<ScratchArea> {
    const area: InMemoryScratchArea = new InMemoryScratchArea(() => this.live.delete(area));
    this.live.add(area);
    return area;
  }

  /** How many areas are open (not yet disposed). */
  openAreas(): number {
    return this.live.size;
  }
}
