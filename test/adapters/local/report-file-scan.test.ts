import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scanReportCsv } from '../../../src/adapters/local/report-file-scan';
import { tempDataDir } from './temp-data-dir';

const HEADER = 'record_id,device_id,recorded_at\r\n';
/** The read size of the scan: lines placed around multiples of it cross a chunk boundary. */
const CHUNK = 1 << 20;

const idOf = (n: number): string => n.toString(16).padStart(32, '0');
const lineOf = (id: string, device = 'device-1'): string => `${id},${device},2026-11-28T00:00:00.000Z\r\n`;

describe('scanReportCsv: one read of a report CSV', () => {
  let dataDir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(() => remove());

  const scanOf = async (text: string) => {
    const file = path.join(dataDir, 'report.csv');
    await fs.writeFile(file, text);
    const scan = await scanReportCsv(file);
    expect(scan.checksum).toBe(createHash('sha256').update(text).digest('hex'));
    expect(scan.bytes).toBe(Buffer.byteLength(text));
    return scan;
  };

  /** Lines of distinct ids, more than three chunks of them. */
  const distinctLines = (): string[] => {
    const lines: string[] = [];
    for (let n = 0, size = 0; size < 3 * CHUNK + 1000; n++) {
      const line = lineOf(idOf(n));
      lines.push(line);
      size += line.length;
    }
    return lines;
  };

  it('hashes the whole file and finds no repeated id among distinct ones', async () => {
    expect((await scanOf(HEADER + distinctLines().join(''))).repeatedId).toBe(false);
  });

  it('finds two lines in a row with one id, wherever they sit (across a chunk boundary too)', async () => {
    const lines = distinctLines();
    for (const at of [1, 500, CHUNK, 2 * CHUNK + 17]) {
      // The line that holds byte `at` of the body is followed by a copy of itself.
      let offset = 0;
      let index = 0;
      while (offset + (lines[index] as string).length <= at) offset += (lines[index++] as string).length;
      const copied = [...lines.slice(0, index + 1), lines[index] as string, ...lines.slice(index + 1)];
      expect((await scanOf(HEADER + copied.join(''))).repeatedId).toBe(true);
    }
  });

  it('tells apart ids that differ only in their last digit, and ignores the header', async () => {
    const id = idOf(7);
    const text = `${lineOf(id).replace(id, 'record_id')}${lineOf(id)}${lineOf(`${id.slice(0, 31)}8`)}`;
    expect((await scanOf(text)).repeatedId).toBe(false);
  });

  it('compares short lines whole: a short line followed by a longer one is not a copy', async () => {
    expect((await scanOf(`${HEADER}abc\r\nabcdef,x\r\nabc\r\nabc\r\n`)).repeatedId).toBe(true);
    expect((await scanOf(`${HEADER}abc\r\nabcdef,x\r\nabc\r\n`)).repeatedId).toBe(false);
  });
});
