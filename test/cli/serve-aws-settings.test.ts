import { FakeIo, serveInProcess } from './cli-harness';

/** No AWS endpoint answers here: a call at start would fail the start (or hang in retries). */
const DEAD_ENDPOINT = 'http://127.0.0.1:9';

describe('locus serve on the aws profile, configured for what it uses', () => {
  it('starts with the queue, the bucket and the token settings only: no Redshift, no EC2, no call to AWS', async () => {
    const io = new FakeIo({
      LOCUS_PROFILE: 'aws',
      LOCUS_SCHEDULES: 'off',
      PORT: '0',
      LOCUS_AWS_REGION: 'eu-west-1',
      LOCUS_AWS_ENDPOINT: DEAD_ENDPOINT,
      LOCUS_AWS_MAX_ATTEMPTS: '1',
      LOCUS_AWS_QUEUE_URL: `${DEAD_ENDPOINT}/000000000000/locus`,
      LOCUS_AWS_BUCKET: 'locus-data',
      LOCUS_AWS_TOKEN_PATH: '/locus/tokens/',
    });
    const { serving, listening, url } = await serveInProcess(io);
    expect(listening).toEqual(expect.objectContaining({ profile: 'aws', schedules: 'off' }));
    const openapi = await fetch(`${url}/openapi.json`);
    expect(openapi.status).toBe(200);
    io.signal('SIGTERM');
    expect(await serving).toBe(0);
    expect(io.logs().filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
