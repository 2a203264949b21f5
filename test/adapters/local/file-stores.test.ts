import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileBatchStore } from '../../../src/adapters/local/file-batch-store';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { FileReportStore } from '../../../src/adapters/local/file-report-store';
import { encodeLocationLines } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { filesUnder } from '../../support/files-under';
import { aRecord, failingAfter, inChunks, readAll, someRecords } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

describe('file stores under the data folder', () => {
  let dataDir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(() => remove());

  describe('FileBatchStore', () => {
    it('keeps batches at the contract keys: work/, archive/work/ and quarantine/work/', async () => {
      const store = new FileBatchStore({ dataDir });
      const records = someRecords(3, 1);
      for (const id of ['b-1', 'b-2', 'b-3']) await store.put(id, records);
      await store.markDone('b-1');
      await store.quarantine('b-2', 'latitude "x" is not a number');
      expect(await filesUnder(dataDir)).toEqual([
        'archive/work/b-1.csv',
        'quarantine/work/b-2.csv',
        'quarantine/work/b-2.reason.txt',
        'work/b-3.csv',
      ]);
      expect(await fs.readFile(path.join(dataDir, 'work/b-3.csv'), 'utf8')).toBe(
        encodeLocationLines(records),
      );
      expect(await fs.readFile(path.join(dataDir, 'quarantine/work/b-2.reason.txt'), 'utf8')).toBe(
        'latitude "x" is not a number\n',
      );
    });

    it('fails to read a batch holding a row that is not a record with CORRUPT_OBJECT naming its key', async () => {
      const store = new FileBatchStore({ dataDir });
      await store.put('bad', [aRecord()]);
      await fs.appendFile(path.join(dataDir, 'work/bad.csv'), 'a,b,c\n');
      const error = await readAll(store.read('bad')).catch((e: unknown) => e);
      expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
      expect((error as Error).message).toContain('work/bad.csv');
    });

    it('does not list temp files as pending batches', async () => {
      const store = new FileBatchStore({ dataDir });
      await store.put('b-1', [aRecord()]);
      await fs.writeFile(path.join(dataDir, 'work', '.tmp-abc.csv'), 'partial');
      expect(await store.listPending()).toEqual(['b-1']);
    });

    it('refuses an id that would leave the work folder', async () => {
      const store = new FileBatchStore({ dataDir });
      await expect(store.put('../escape', [aRecord()])).rejects.toThrow(/not a valid object name/);
      await expect(store.markDoneAll(['b-1', '../escape'])).rejects.toThrow(/not a valid object name/);
    });

    it('archives many batches at once, passing over those already done or never written', async () => {
      const store = new FileBatchStore({ dataDir });
      for (const id of ['b-1', 'b-2', 'b-3', 'b-4']) await store.put(id, [aRecord()]);
      await store.markDone('b-2');
      await store.markDoneAll(['b-1', 'b-2', 'b-3', 'never']);
      expect(await filesUnder(dataDir)).toEqual([
        'archive/work/b-1.csv',
        'archive/work/b-2.csv',
        'archive/work/b-3.csv',
        'work/b-4.csv',
      ]);
      expect(await store.listPending()).toEqual(['b-4']);
    });
  });

  describe('FilePartitionStore', () => {
    it('writes storage/dt=YYYY-MM-DD/part-II-of-NN.csv as contract CSV lines', async () => {
      const store = new FilePartitionStore({ dataDir });
      const records = someRecords(10, 2);
      await store.writePart({ date: '2026-11-28', index: 3, of: 4 }, inChunks(records, 4));
      expect(await filesUnder(dataDir)).toEqual(['storage/dt=2026-11-28/part-03-of-04.csv']);
      expect(await fs.readFile(path.join(dataDir, 'storage/dt=2026-11-28/part-03-of-04.csv'), 'utf8')).toBe(
        encodeLocationLines(records),
      );
    });

    it('leaves the previous part and no temp file behind when the input fails midway', async () => {
      const store = new FilePartitionStore({ dataDir });
      const ref = { date: '2026-11-28', index: 0, of: 1 };
      await store.writePart(ref, inChunks(someRecords(20, 3)));
      const before = await filesUnder(dataDir);
      const failure = new Error('the source failed');
      await expect(store.writePart(ref, failingAfter(someRecords(50, 4), 30, failure))).rejects.toBe(failure);
      expect(await filesUnder(dataDir)).toEqual(before);
      expect(await readAll(store.readPart(ref))).toEqual(someRecords(20, 3));
    });

    it('fails to read a corrupt part with CORRUPT_OBJECT naming its key', async () => {
      const store = new FilePartitionStore({ dataDir });
      const ref = { date: '2026-11-28', index: 1, of: 2 };
      await store.writePart(ref, inChunks([aRecord()]));
      await fs.appendFile(path.join(dataDir, 'storage/dt=2026-11-28/part-01-of-02.csv'), '"unterminated\n');
      const error = await readAll(store.readPart(ref)).catch((e: unknown) => e);
      expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
      expect((error as Error).message).toContain('storage/dt=2026-11-28/part-01-of-02.csv');
    });

    it('ignores date folders that hold only temp files', async () => {
      const store = new FilePartitionStore({ dataDir });
      await fs.mkdir(path.join(dataDir, 'storage/dt=2026-11-28'), { recursive: true });
      await fs.writeFile(path.join(dataDir, 'storage/dt=2026-11-28/.tmp-123'), 'partial');
      expect(await store.listDates()).toEqual([]);
      expect(await store.listParts('2026-11-28')).toEqual([]);
    });
  });

  describe('FileReportStore', () => {
    it('publishes download/locations-YYYY-MM-DD.csv and gives its path as the location', async () => {
      const store = new FileReportStore({ dataDir });
      async function* text(): AsyncGenerator<string> {
        yield 'a\n';
        yield 'b\n';
      }
      const published = await store.publish('2026-11-28', { csv: { bytes: text() } });
      expect(await fs.readFile(published.location, 'utf8')).toBe('a\nb\n');
      expect(published.location).toBe(path.join(dataDir, 'download/locations-2026-11-28.csv'));
      expect(await filesUnder(dataDir)).toEqual(['download/locations-2026-11-28.csv']);
    });

    it('passes the error of failing text on and leaves no temp file', async () => {
      const store = new FileReportStore({ dataDir });
      const failure = new Error('the rows failed');
      async function* failing(): AsyncGenerator<string> {
        yield 'header\n';
        throw failure;
      }
      await expect(store.publish('2026-11-28', { csv: { bytes: failing() } })).rejects.toBe(failure);
      expect(await filesUnder(dataDir)).toEqual([]);
    });
  });
});
