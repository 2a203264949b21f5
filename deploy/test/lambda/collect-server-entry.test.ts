import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../collect-server/index';
import { readInstanceTag } from '../../collect-server/instance-tag';
import { parseRunArguments } from '../../collect-server/run-arguments';
import { useStaticAwsCredentials } from './aws-test-env';
import { type CapturedOutput, captureOutput } from './captured-output';

useStaticAwsCredentials();

const TOKYO = { LOCUS_PROFILE: 'memory', LOCUS_TIMEZONE: 'Asia/Tokyo' };

describe('the collect server entry point', () => {
  let imds: Server;
  let endpoint: string;
  let tags: Record<string, string>;
  let output: CapturedOutput;

  beforeAll(async () => {
    // Answers as the instance metadata service does (IMDSv2: a token first, then the tag).
    imds = createServer((request, response) => {
      if (request.method === 'PUT' && request.url === '/latest/api/token') {
        response.end('token-1');
        return;
      }
      const key = decodeURIComponent((request.url ?? '').replace('/latest/meta-data/tags/instance/', ''));
      if (request.headers['x-aws-ec2-metadata-token'] !== 'token-1') response.writeHead(401).end();
      else if (key in tags) response.end(tags[key]);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => imds.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(imds.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => imds.close(() => resolve())));

  beforeEach(() => {
    tags = {};
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('reads an instance tag through IMDSv2, and nothing when it is not set', async () => {
    tags = { LocusRunDate: '2026-11-20' };
    expect(await readInstanceTag('LocusRunDate', { endpoint, timeoutMs: 2_000 })).toBe('2026-11-20');
    expect(await readInstanceTag('Other', { endpoint, timeoutMs: 2_000 })).toBeUndefined();
  });

  it('runs once with the date tag configured, and exits 0', async () => {
    tags = { LocusRunDate: '2026-11-20' };
    const result = await main(['--date', '2026-11-21'], {
      ...TOKYO,
      LOCUS_RUN_DATE_TAG: 'LocusRunDate',
      LOCUS_IMDS_ENDPOINT: endpoint,
    });
    expect(result).toEqual(
      expect.objectContaining({ date: '2026-11-21', outcome: 'succeeded', exitCode: 0 }),
    );
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        message: 'the tagged date was reported',
        tagged: '2026-11-20',
        service: 'collect_server',
      }),
    );
  });

  it('ignores a tag that is not a date, with a warning', async () => {
    tags = { LocusRunDate: 'tomorrow' };
    const result = await main([], {
      ...TOKYO,
      LOCUS_RUN_DATE_TAG: 'LocusRunDate',
      LOCUS_IMDS_ENDPOINT: endpoint,
    });
    expect(result?.exitCode).toBe(0);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'the instance tag LocusRunDate is ignored: "tomorrow" is not a date YYYY-MM-DD',
      }),
    );
  });

  it('refuses arguments it does not know, and runs nothing', async () => {
    expect(await main(['--dry-run'], TOKYO)).toBeUndefined();
    expect(() => parseRunArguments(['--date', '28/11/2026'])).toThrow(/not a date YYYY-MM-DD/);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({ level: 'CRITICAL', message: 'the collect server cannot start' }),
    );
  });
});
