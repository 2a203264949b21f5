import { promises as fs } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readLocusConfig } from '../../src/config/locus-config';
import { FakeIo, serveInProcess } from '../cli/cli-harness';
import { makeTempDir } from '../support/local-world';
import { badInputCatalogue } from './bad-input-catalogue';
import { type Answer, answerProblems } from './support/answer-check';

/** One POST over a real socket with exactly the given content type (or none). */
const post = (base: string, body: string | Buffer, contentType: string | null): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const headers: Record<string, string> = { 'content-length': String(data.length) };
    if (contentType !== null) headers['content-type'] = contentType;
    const req = httpRequest(`${base}/locations`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    // A server may answer 413 before the whole body is sent and close the connection.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.end(data);
  });

const queued = async (base: string): Promise<number> => {
  const health = (await (await fetch(`${base}/health`)).json()) as { queue: { ready: number } };
  return health.queue.ready;
};

describe('the bad input catalogue against the local server over HTTP', () => {
  let dataDir: string;
  let io: FakeIo;
  let serving: Promise<number>;
  let base: string;

  beforeAll(async () => {
    dataDir = await makeTempDir('locus-bad-input-');
    const env = { LOCUS_DATA_DIR: dataDir, PORT: '0', LOCUS_STORE_EVERY: '24h', LOCUS_TIMEZONE: 'UTC' };
    io = new FakeIo(env);
    ({ serving, url: base } = await serveInProcess(io));
  });

  afterAll(async () => {
    io.signal('SIGTERM');
    await serving;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers every case as documented, and only the accepted ones reach the queue', async () => {
    const { http } = readLocusConfig({ env: { LOCUS_DATA_DIR: dataDir }, cwd: process.cwd() });
    const catalogue = badInputCatalogue(Date.now(), http.maxBodyBytes);
    expect(catalogue.length).toBeGreaterThanOrEqual(60);
    const problems: string[] = [];
    for (const input of catalogue) {
      const before = await queued(base);
      const found = answerProblems(input, await post(base, input.body, input.contentType));
      const added = (await queued(base)) - before;
      const expectedAdded = input.expect.status === 202 ? 1 : 0;
      if (added !== expectedAdded)
        found.push(`the queue grew by ${added} messages, expected ${expectedAdded}`);
      if (found.length > 0) problems.push(`${input.name}: ${found.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });
});
