import { createLogger } from '../../src/adapters/logging/create-logger';
import { formatCsv, formatJson, formatTable } from '../../src/cli/output/sql-output';
import { formatDayStatus } from '../../src/cli/output/status-text';

const result = {
  columns: ['device_id', 'n', 'note'],
  rows: [
    ['dev-a', 12, null],
    ['say "hi", twice', 3, 'line\nbreak'],
  ],
};

describe('query output', () => {
  it('writes RFC 4180 CSV with a header and empty fields for NULL', () => {
    expect(formatCsv(result)).toBe(
      'device_id,n,note\r\ndev-a,12,\r\n"say ""hi"", twice",3,"line\nbreak"\r\n',
    );
  });

  it('writes an aligned table with numbers to the right and NULL shown', () => {
    expect(formatTable(result).split('\n')).toEqual([
      'device_id       |  n | note',
      '----------------+----+-----------',
      'dev-a           | 12 | NULL',
      'say "hi", twice |  3 | line break',
      '(2 rows)',
      '',
    ]);
  });

  it('writes one JSON object per row', () => {
    expect(JSON.parse(formatJson(result))).toEqual([
      { device_id: 'dev-a', n: 12, note: null },
      { device_id: 'say "hi", twice', n: 3, note: 'line\nbreak' },
    ]);
  });
});

describe('status output', () => {
  it("shows a date's way from acceptance to its report", () => {
    const text = formatDayStatus({
      date: '2026-11-28',
      timeZone: 'Asia/Tokyo',
      accepted: 1_240,
      stored: 1_236,
      batches: 3,
      partitioned: 1_234,
      partitionRevision: 2,
      reported: 1_200,
      reportedRevision: 1,
      state: 'stale',
      reportCurrent: false,
      waiting: ['the report was made from partition revision 1; the partition is at 2'],
    });
    expect(text).toBe(
      [
        '2026-11-28 (Asia/Tokyo)',
        '  accepted     1,240',
        '  stored       1,236 in 3 batches',
        '  partitioned  1,234 (revision 2)',
        '  reported     1,200 (stale)',
        '  standing     stale',
        '    - the report was made from partition revision 1; the partition is at 2',
        '',
      ].join('\n'),
    );
  });
});

describe('the logger', () => {
  const collect = (isTTY: boolean) => {
    const lines: string[] = [];
    const stream = { write: (line: string) => lines.push(line), isTTY };
    return { lines, logger: createLogger({ level: 'info', stream }) };
  };

  it('writes JSON lines with a level name when the stream is not a terminal, coordinates redacted', () => {
    const { lines, logger } = collect(false);
    logger.info({ job: 'store', latitude: 35.6, record: { longitude: 139.7 } }, 'done');
    logger.debug('not shown at info');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'done',
        job: 'store',
        latitude: '[redacted]',
        record: { longitude: '[redacted]' },
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      }),
    );
  });

  it("stamps each line with its own millisecond's ISO time, lines of one millisecond alike", () => {
    const { lines, logger } = collect(false);
    const instants = [Date.UTC(2026, 11, 7, 10, 0, 0, 1), Date.UTC(2026, 11, 7, 10, 0, 0, 1)];
    instants.push((instants[0] as number) + 1, Date.UTC(2027, 0, 1));
    const now = jest.spyOn(Date, 'now');
    try {
      for (const instant of instants) {
        now.mockReturnValue(instant);
        logger.info('tick');
      }
    } finally {
      now.mockRestore();
    }
    expect(lines.map((line) => JSON.parse(line).time)).toEqual(
      instants.map((instant) => new Date(instant).toISOString()),
    );
  });

  it('writes readable lines on a terminal', () => {
    const { lines, logger } = collect(true);
    logger.warn({ job: 'daily', note: 'two words' }, 'skipped');
    const ESC = String.fromCharCode(27);
    expect(lines[0]?.slice(8)).toBe(` ${ESC}[33mwarn ${ESC}[0m skipped job=daily note="two words"\n`);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2} /);
  });
});
