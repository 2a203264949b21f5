import { createHash } from 'node:crypto';
import { PartitionService, ReportService, StoreService } from '../../src/application';
import { expectParquetEqualsCsv } from '../support/report-files';
import { aLocation, type HttpFixture, httpFixture } from './http-fixture';

describe('report downloads', () => {
  let fixture: HttpFixture;

  afterEach(async () => {
    await fixture.close();
  });

  const runPhases = async (date: string) => {
    await fixture.root.get(StoreService).run();
    await fixture.root.get(PartitionService).run();
    await fixture.root.get(ReportService).run(date);
  };

  it('lists nothing before any report was made', async () => {
    fixture = await httpFixture();
    const response = await fixture.request({ path: '/reports' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ reports: [] });
  });

  it('lists the published days with their row counts and serves each as text/csv', async () => {
    fixture = await httpFixture({ LOCUS_TIMEZONE: 'Asia/Tokyo' });
    await fixture.post({
      locations: [
        aLocation({ deviceId: 'b', timestamp: '2026-11-28T08:00:00+09:00' }),
        aLocation({ deviceId: 'a', timestamp: '2026-11-28T07:00:00+09:00' }),
        aLocation({ deviceId: 'c', timestamp: '2026-11-27T23:59:00+09:00' }),
      ],
    });
    await runPhases('2026-11-28');

    const list = await fixture.request({ path: '/reports' });
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.json().reports).toEqual([
      {
        date: '2026-11-28',
        rows: 2,
        bytes: expect.any(Number),
        reportedRevision: 1,
        partitionRevision: 1,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        // The day has not ended yet in Tokyo: more records can come, so the report is not current.
        state: 'stale',
        current: false,
        waiting: [expect.stringMatching(/^no store run has drained the queue since the day ended/)],
        url: '/reports/2026-11-28.csv',
        parquet: { bytes: expect.any(Number), checksum: expect.stringMatching(/^[0-9a-f]{64}$/) },
        parquetUrl: '/reports/2026-11-28.parquet',
      },
    ]);

    const csv = await fixture.request({ path: '/reports/2026-11-28.csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="locations-2026-11-28.csv"');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'record_id,device_id,recorded_at,latitude,longitude,accuracy,altitude,speed,heading,received_at',
    );
    const rows = new Map(lines.slice(1).map((line) => [line.split(',')[1], line]));
    expect([...rows.keys()].sort()).toEqual(['a', 'b']);
    expect(rows.get('a')).toContain(',2026-11-27T22:00:00.000Z,35.681236,139.767125,12.5,');
    expect(Buffer.byteLength(csv.text)).toBe(list.json().reports[0].bytes);

    const parquet = await fixture.request({ path: '/reports/2026-11-28.parquet' });
    expect(parquet.status).toBe(200);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.headers['content-disposition']).toBe(
      'attachment; filename="locations-2026-11-28.parquet"',
    );
    expect(parquet.headers['cache-control']).toBe('no-store');
    expect(parquet.bytes.length).toBe(list.json().reports[0].parquet.bytes);
    expect(createHash('sha256').update(parquet.bytes).digest('hex')).toBe(
      list.json().reports[0].parquet.checksum,
    );
    expect(await expectParquetEqualsCsv(parquet.bytes, csv.text)).toBe(2);
  });

  it('marks a report stale once late data changed its partition', async () => {
    fixture = await httpFixture();
    await fixture.post(aLocation({ timestamp: '2026-11-28T01:00:00Z' }));
    await runPhases('2026-11-28');
    await fixture.post(aLocation({ timestamp: '2026-11-28T02:00:00Z' }));
    await fixture.root.get(StoreService).run();
    await fixture.root.get(PartitionService).run();

    const [report] = (await fixture.request({ path: '/reports' })).json().reports;
    expect(report).toEqual(
      expect.objectContaining({ rows: 1, reportedRevision: 1, partitionRevision: 2, current: false }),
    );
  });

  it.each([
    '2026-11-29.csv',
    '2026-11-29.parquet',
    '2026-11-28.json',
    '2026-02-30.csv',
    'locations-2026-11-28.csv',
    '2026-11-28',
    '..%2Fqueue.db',
  ])('answers 404 to /reports/%s', async (name) => {
    fixture = await httpFixture();
    await fixture.post(aLocation());
    await runPhases('2026-11-28');
    const response = await fixture.request({ path: `/reports/${name}` });
    expect(response.status).toBe(404);
    expect(response.json().error).toBe('not_found');
  });
});

describe('GET /health and unknown routes', () => {
  let fixture: HttpFixture;

  afterEach(async () => {
    await fixture.close();
  });

  it('answers 200 with the queue depth', async () => {
    fixture = await httpFixture();
    await fixture.post(aLocation());
    const response = await fixture.request({ path: '/health' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', queue: { ready: 1, leased: 0, quarantined: 0 } });
  });

  it('answers 503 when the queue does not answer', async () => {
    fixture = await httpFixture(
      {},
      {
        queueDepth: async () => {
          throw new Error('database is locked');
        },
      },
    );
    const response = await fixture.request({ path: '/health' });
    expect(response.status).toBe(503);
    expect(response.json().status).toBe('unavailable');
  });

  it('answers 404 with a message to a route that does not exist', async () => {
    fixture = await httpFixture();
    const response = await fixture.request({ path: '/location' });
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no route GET /location' });
  });

  it('answers 405 with Allow to another method on a known route', async () => {
    fixture = await httpFixture();
    const locations = await fixture.request({ path: '/locations' });
    expect(locations.status).toBe(405);
    expect(locations.headers.allow).toBe('POST');
    expect(locations.json()).toEqual({ error: 'method_not_allowed', message: '/locations takes POST' });
    const report = await fixture.request({ method: 'POST', path: '/reports/2026-11-28.csv' });
    expect(report.status).toBe(405);
    expect(report.headers.allow).toBe('GET, HEAD');
    expect((await fixture.request({ path: '/reports/' })).status).toBe(200);
  });
});
