import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listVisible, writeFileAtomically } from '../../../src/adapters/local/atomic-file';
import { makeTempFolder, sweepEndedTempFolders } from '../../../src/adapters/local/temp-folders';
import { tempDataDir } from './temp-data-dir';

/** The id of a process that has ended. */
const endedPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (child.pid === undefined) throw new Error('no child process');
  return child.pid;
};

describe('temp folders under <dataDir>/tmp', () => {
  let dataDir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(() => remove());

  /** Makes `tmp/<name>/` holding one file. */
  const leave = async (name: string): Promise<void> => {
    await fs.mkdir(path.join(dataDir, 'tmp', name), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'tmp', name, 'spill.bin'), 'x'.repeat(1024));
  };
  const left = async (): Promise<string[]> => (await fs.readdir(path.join(dataDir, 'tmp'))).sort();

  it('removes the folders of processes that ended, and leaves running ones, its own and unnamed ones', async () => {
    const ended = `partition-run1-p${endedPid()}-0123456789ab`;
    const running = `report-p${process.ppid}-0123456789ab`;
    const own = `duckdb-p${process.pid}-0123456789ab`;
    const unnamed = 'report-0123456789ab';
    for (const name of [ended, running, own, unnamed]) await leave(name);
    expect(await sweepEndedTempFolders(dataDir)).toEqual([ended]);
    expect(await left()).toEqual([own, running, unnamed].sort());
  });

  it('sweeps when a process makes its first folder, then names the new one after the process', async () => {
    const ended = `report-p${endedPid()}-abcdefabcdef`;
    await leave(ended);
    const made = await makeTempFolder(dataDir, 'partition-run 2');
    expect(path.basename(made)).toMatch(new RegExp(`^partition-run_2-p${process.pid}-[0-9a-f]{12}$`));
    expect(await left()).toEqual([path.basename(made)]);
  });

  it('finds nothing to sweep where there is no tmp folder yet', async () => {
    expect(await sweepEndedTempFolders(dataDir)).toEqual([]);
  });

  it('removes, at the first atomic write into a folder, the temp files that ended processes left there', async () => {
    const dir = path.join(dataDir, 'storage', 'dt=2026-11-28');
    await fs.mkdir(dir, { recursive: true });
    const ended = `.tmp-p${endedPid()}-0123456789ab`;
    const running = `.tmp-p${process.ppid}-0123456789ab`;
    const unnamed = '.tmp-0123456789abcdef';
    for (const name of [ended, running, unnamed, 'part-00.csv'])
      await fs.writeFile(path.join(dir, name), 'x');
    await writeFileAtomically(path.join(dir, 'part-01.csv'), (writer) => writer.write('y'));
    expect((await fs.readdir(dir)).sort()).toEqual([running, unnamed, 'part-00.csv', 'part-01.csv'].sort());
    expect(await listVisible(dir)).toEqual(expect.arrayContaining(['part-00.csv', 'part-01.csv']));
  });
});
