import { promises as fs, constants as fsConstants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container } from 'inversify';
import type { CoreSettings } from '../../src/application';
import { LOCAL_ADAPTERS } from '../../src/composition/local-adapters';
import { seededRandom } from '../../src/simulator/random';
import {
  containerOverPorts,
  counterIds,
  type PipelineWorld,
  type Services,
  servicesOf,
  type WorldOptions,
} from '../reliability/support/pipeline-world';
import { AtLeastOnceQueue, FaultInjector } from './fault-injection';
import { ManualClock } from './manual-clock';
import { PIPELINE_PORTS, type PortSet, portsOf, readReport } from './memory-ports';
import { presetContainer } from './preset-container';

const SHARED_MEMORY = '/dev/shm';

/**
 * A fresh temporary folder: under `LOCUS_TEST_TMPDIR` when set, else under the system's temp folder,
 * or, with `inMemory`, under `/dev/shm` where it exists (a RAM file system, where fsync costs
 * nothing: for tests of the logic that run hundreds of pipelines; durability is tested on disk).
 */
export const makeTempDir = async (prefix: string, inMemory = false): Promise<string> => {
  let parent = process.env.LOCUS_TEST_TMPDIR ?? os.tmpdir();
  if (inMemory && process.env.LOCUS_TEST_TMPDIR === undefined) {
    const writable = await fs.access(SHARED_MEMORY, fsConstants.W_OK).then(
      () => true,
      () => false,
    );
    if (writable) parent = SHARED_MEMORY;
  }
  return fs.mkdtemp(path.join(parent, prefix));
};

/**
 * The local profile (SQLite queue, journal and locks, folder tree, DuckDB) over one data folder,
 * on a manual clock. A restart closes every adapter of the dead process (as the operating system
 * would close its files) and opens new ones over the same folder, as a new process does.
 */
export class LocalWorld implements PipelineWorld {
  readonly name = 'local';
  readonly clock: ManualClock;
  readonly faults: FaultInjector;
  readonly settings: CoreSettings;
  private readonly ids = counterIds('l');
  private readonly random: (() => number) | undefined;
  private delivery: AtLeastOnceQueue | undefined;
  private redeliveredBefore = 0;
  private inner!: Container;
  private readonly others: Container[] = [];
  raw!: PortSet;
  services!: Services;

  private constructor(
    readonly dataDir: string,
    options: WorldOptions,
    private readonly ownsDir: boolean,
  ) {
    this.settings = options.settings;
    this.clock = new ManualClock(options.start);
    this.faults = options.faults ?? new FaultInjector();
    this.random = options.redeliverySeed === undefined ? undefined : seededRandom(options.redeliverySeed);
  }

  /** A world over `dataDir`, or over a new temporary folder (see {@link makeTempDir}) removed by {@link close}. */
  static async open(options: WorldOptions & { dataDir?: string; inMemory?: boolean }): Promise<LocalWorld> {
    const dataDir = options.dataDir ?? (await makeTempDir('locus-world-', options.inMemory));
    const world = new LocalWorld(dataDir, options, options.dataDir === undefined);
    world.start();
    return world;
  }

  get redelivered(): number {
    return this.redeliveredBefore + (this.delivery?.redelivered ?? 0);
  }

  async restart(): Promise<void> {
    await this.stop();
    this.faults.restart();
    this.start();
  }

  /** Another process: its own connections and engines over the same data folder. */
  async spawn(faults = new FaultInjector()): Promise<Services> {
    const inner = this.localContainer();
    this.others.push(inner);
    return servicesOf(
      containerOverPorts(portsOf(inner), faults, {
        settings: this.settings,
        clock: this.clock,
        ids: this.ids,
      }),
    );
  }

  reportText(date: string): Promise<string | undefined> {
    return readReport(this.raw.reports, date);
  }

  /** A file of the data folder, by its object key (`work/…`, `storage/dt=…/…`). */
  file(key: string): string {
    return path.join(this.dataDir, ...key.split('/'));
  }

  async close(): Promise<void> {
    await this.stop();
    for (const other of this.others.splice(0)) await other.unbindAll();
    if (this.ownsDir) await fs.rm(this.dataDir, { recursive: true, force: true });
  }

  private localContainer(): Container {
    return presetContainer('local', LOCAL_ADAPTERS, {
      settings: this.settings,
      clock: this.clock,
      ids: this.ids,
      dataDir: this.dataDir,
      ports: PIPELINE_PORTS,
    });
  }

  private start(): void {
    this.inner = this.localContainer();
    const ports = portsOf(this.inner);
    this.delivery = this.random === undefined ? undefined : new AtLeastOnceQueue(ports.queue, this.random);
    this.raw = { ...ports, queue: this.delivery ?? ports.queue };
    this.services = servicesOf(
      containerOverPorts(this.raw, this.faults, {
        settings: this.settings,
        clock: this.clock,
        ids: this.ids,
      }),
    );
  }

  private async stop(): Promise<void> {
    this.redeliveredBefore += this.delivery?.redelivered ?? 0;
    this.delivery = undefined;
    await this.inner.unbindAll();
  }
}
