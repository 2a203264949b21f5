import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileScratchSpace } from '../../../src/adapters/local/file-scratch-space';
import { readAll, someRecords } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

describe('FileScratchSpace on disk', () => {
  let dataDir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(() => remove());

  it('keeps an area in <dataDir>/tmp/<name>-p<pid>-<unique>/ with one safe file per key, and removes it when disposed', async () => {
    const area = await new FileScratchSpace({ dataDir }).open('partition-run-1');
    const keys = ['dt=2026-11-28/part-00', '../../escape', 'a b'];
    for (const [i, key] of keys.entries()) await area.append(key, someRecords(3, i));
    for (const [i, key] of keys.entries()) expect(await readAll(area.read(key))).toEqual(someRecords(3, i));

    const [folder, ...others] = await fs.readdir(path.join(dataDir, 'tmp'));
    expect(others).toEqual([]);
    expect(folder).toMatch(new RegExp(`^partition-run-1-p${process.pid}-[0-9a-f]{12}$`));
    const files = await fs.readdir(path.join(dataDir, 'tmp', folder as string));
    expect(files).toHaveLength(3);
    for (const file of files) expect(file).toMatch(/^[A-Za-z0-9%._-]+$/);

    await area.dispose();
    expect(await fs.readdir(path.join(dataDir, 'tmp'))).toEqual([]);
    await expect(area.append('k', someRecords(1))).rejects.toThrow(/disposed/);
  });

  it('gives back appends larger than its write buffer in order', async () => {
    const area = await new FileScratchSpace({ dataDir }).open('big');
    const records = someRecords(6_000, 5);
    for (let i = 0; i < records.length; i += 500) await area.append('k', records.slice(i, i + 500));
    expect(await readAll(area.read('k'))).toEqual(records);
    await area.dispose();
  });
});
