import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeIo, serveInProcess } from '../cli/cli-harness';

/** A `locus serve` run in this process on a temporary data folder, and how to stop it. */
export interface ServedLocus {
  readonly url: string;
  readonly io: FakeIo;
  readonly dataDir: string;
  /** Stops the server and removes its data folder; resolves to its exit code. */
  stop(): Promise<number>;
}

/** Starts `locus serve` (local profile, a free port) with `env` on top of a fresh data folder. */
export const serveLocus = async (env: Record<string, string> = {}): Promise<ServedLocus> => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-served-'));
  const io = new FakeIo({ LOCUS_DATA_DIR: dataDir, PORT: '0', LOCUS_STORE_EVERY: '24h', ...env });
  const { serving, url } = await serveInProcess(io);
  return {
    url,
    io,
    dataDir,
    stop: async () => {
      io.signal('SIGTERM');
      const code = await serving;
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
};

/** A location recorded a minute ago. */
export const freshLocation = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  deviceId: 'phone-0042',
  latitude: 35.681236,
  longitude: 139.767125,
  timestamp: new Date(Date.now() - 60_000).toISOString(),
  accuracy: 12.5,
  ...overrides,
});

/** Posts JSON to `url + path`. */
export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
