import { request } from 'node:http';
import { secureServer } from '../security/secure-server';
import { type HttpFixture, httpFixture } from './http-fixture';

/**
 * Writes the whole body, as a plain client does (no `Expect: 100-continue`), and reads the answer;
 * settles once the body is written and the answer read, and fails on any error of the request
 * (EPIPE, ECONNRESET: the server closed while the client was still writing).
 */
const postWhole = (base: string, path: string, bytes: number, chunked = false) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    let answer: { status: number; body: string } | undefined;
    let written = false;
    const settle = () => {
      if (answer !== undefined && written) resolve(answer);
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = String(bytes);
    const req = request(`${base}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
        settle();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('finish', () => {
      written = true;
      settle();
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = bytes;
    const write = (): void => {
      while (left > 0) {
        const size = Math.min(chunk.length, left);
        left -= size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });

describe('a body over LOCUS_MAX_BODY_BYTES', () => {
  let fixture: HttpFixture | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it.each(['/locations', '/overland', '/owntracks', '/osmand'])(
    'gets a 413 that a client writing all of a 20 MB body to %s can read',
    async (path) => {
      fixture = await httpFixture();
      const answer = await postWhole(fixture.base, path, 20 * 1024 * 1024);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual(expect.objectContaining({ error: 'payload_too_large' }));
    },
    30_000,
  );

  it.each([false, true])(
    'gets a 413 behind the security hooks and timeouts too (chunked: %s)',
    async (chunked) => {
      const server = await secureServer({ LOCUS_AUTH: 'off' });
      try {
        const answer = await postWhole(server.base, '/overland', 20 * 1024 * 1024, chunked);
        expect(answer.status).toBe(413);
      } finally {
        await server.close();
      }
    },
    30_000,
  );
});
