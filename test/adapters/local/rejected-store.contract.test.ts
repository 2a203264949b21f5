import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileRejectedStore } from '../../../src/adapters/local/file-rejected-store';
import { aRejectedItem, describeRejectedStoreContract } from '../../../src/testing';
import { tempDataDir } from './temp-data-dir';

describeRejectedStoreContract('FileRejectedStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return { store: new FileRejectedStore({ dataDir }), teardown: remove };
});

describe('FileRejectedStore on disk', () => {
  it('keeps a message as one JSON-lines file under rejected/dt=DATE/', async () => {
    const { dataDir, remove } = await tempDataDir();
    try {
      await new FileRejectedStore({ dataDir }).keep('2026-11-28', [aRejectedItem(1), aRejectedItem(2)]);
      const folder = path.join(dataDir, 'rejected', 'dt=2026-11-28');
      const names = await fs.readdir(folder);
      expect(names).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.jsonl$/)]);
      const lines = (await fs.readFile(path.join(folder, names[0] as string), 'utf8')).trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).itemId)).toEqual([
        aRejectedItem(1).itemId,
        aRejectedItem(2).itemId,
      ]);
    } finally {
      await remove();
    }
  });

  it('refuses a file that does not hold rejected items as CORRUPT_OBJECT', async () => {
    const { dataDir, remove } = await tempDataDir();
    try {
      const folder = path.join(dataDir, 'rejected', 'dt=2026-11-28');
      await fs.mkdir(folder, { recursive: true });
      await fs.writeFile(path.join(folder, `${'a'.repeat(32)}.jsonl`), '{"itemId": 1}\n');
      await expect(new FileRejectedStore({ dataDir }).list('2026-11-28')).rejects.toMatchObject({
        code: 'CORRUPT_OBJECT',
      });
    } finally {
      await remove();
    }
  });
});
