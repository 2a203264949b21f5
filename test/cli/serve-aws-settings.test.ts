import { FakeIo, serveInProcess } from './cli-harness';

/** No AWS endpoint answers here: a call at start would fail the start (or hang in retries). */
const DEAD_ENDPOINT = 'http://127.0.0.1:9';

const AWS_SERVE_ENV = {
  LOCUS_PROFILE: 'aws',
  LOCUS_SCHEDULES: 'off',
  PORT: '0',
  LOCUS_AWS_REGION: 'eu-west-1',
  LOCUS_AWS_ENDPOINT: DEAD_ENDPOINT,
  LOCUS_AWS_MAX_ATTEMPTS: '1',
  LOCUS_AWS_QUEUE_URL: `${DEAD_ENDPOINT}/000000000000/locus`,
  LOCUS_AWS_TOKEN_PATH: '/locus/tokens/',
};

/** The error and fatal lines logged so far. */
const errorLines = (io: FakeIo) =>
  io.logs().filter((line) => line.level === 'error' || line.level === 'fatal');

describe('locus serve on the aws profile, configured for what it uses', () => {
  it('starts with the queue and the token settings only: no bucket, no Redshift, no EC2, no call to AWS', async () => {
    const io = new FakeIo(AWS_SERVE_ENV);
    const { serving, listening, url } = await serveInProcess(io);
    try {
      expect(listening).toEqual(expect.objectContaining({ profile: 'aws', schedules: 'off' }));
      expect(errorLines(io)).toEqual([]);
      const openapi = await fetch(`${url}/openapi.json`);
      expect(openapi.status).toBe(200);
      const bucketWarnings = io.logs().filter((line) => String(line.msg).includes('LOCUS_AWS_BUCKET'));
      expect(bucketWarnings).toHaveLength(1);
      expect(bucketWarnings[0]).toEqual(expect.objectContaining({ level: 'warn' }));
      expect(String(bucketWarnings[0]?.msg)).toMatch(
        /refused points.*accepted counts.*report list.*downloads.*metrics of pending batches/,
      );
    } finally {
      io.signal('SIGTERM');
      expect(await serving).toBe(0);
    }
  });

  it('answers a route that needs the bucket with an error, and keeps serving', async () => {
    const io = new FakeIo(AWS_SERVE_ENV);
    const { serving, url } = await serveInProcess(io);
    try {
      const reports = await fetch(`${url}/reports`);
      expect(reports.status).toBe(503);
      expect(await reports.json()).toEqual(expect.objectContaining({ error: 'not_configured' }));
      const failure = errorLines(io).find((line) => line.msg === 'request failed');
      expect(JSON.stringify(failure)).toMatch(/the S3 buckets are not configured.*LOCUS_AWS_BUCKET/);
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    } finally {
      io.signal('SIGTERM');
      expect(await serving).toBe(0);
    }
  });

  it('logs no bucket warning when the bucket is set', async () => {
    const io = new FakeIo({ ...AWS_SERVE_ENV, LOCUS_AWS_BUCKET: 'locus-data' });
    const { serving } = await serveInProcess(io);
    io.signal('SIGTERM');
    expect(await serving).toBe(0);
    expect(io.logs().filter((line) => String(line.msg).includes('LOCUS_AWS_BUCKET'))).toEqual([]);
  });
});
