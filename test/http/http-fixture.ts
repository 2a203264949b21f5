import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { closeHttpServer, createHttpServer, type HttpServerDeps } from '../../src/adapters/http/http-server';
import { createLogger } from '../../src/adapters/logging/create-logger';
import { ReceiveService } from '../../src/application';
import { ClientIntake } from '../../src/application/clients/client-intake';
import { AcceptedTally, ReportCatalog } from '../../src/application/status';
import { TOKENS } from '../../src/application/tokens';
import { type CliRoot, createCliRoot } from '../../src/composition/cli-root';
import { type LocusConfig, readLocusConfig } from '../../src/config/locus-config';
import type { LocationsAccepted } from '../../src/domain';
import { ManualClock } from '../support/manual-clock';

/** 2026-11-28T09:15:00Z, the time requests arrive at in these tests. */
export const NOW = Date.UTC(2026, 10, 28, 9, 15, 0);

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly bytes: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
  json(): any;
}

/** One HTTP request over a real socket, with exactly the headers given (no content type is added). */
export const send = (
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<HttpAnswer> =>
  new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-length'] = String(body.length);
    const req = httpRequest(`${base}${options.path}`, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          bytes,
          json: () => JSON.parse(text),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });

export interface HttpFixture {
  readonly app: FastifyInstance;
  /** The server's base URL (`http://127.0.0.1:<port>`). */
  readonly base: string;
  request(options: Parameters<typeof send>[1]): Promise<HttpAnswer>;
  post(payload: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  readonly root: CliRoot;
  readonly clock: ManualClock;
  readonly accepted: LocationsAccepted[];
  readonly logLines: string[];
  close(): Promise<void>;
}

/** How {@link httpFixture} builds its server beyond the defaults. */
export interface HttpFixtureOptions {
  /** The folder the configuration is read in; the process's by default. */
  readonly cwd?: string;
  /** Runs on the root before the server is built (e.g. to load the security module). */
  readonly prepare?: (root: CliRoot, config: LocusConfig) => Promise<void>;
  /** Deps of the server built from the root, in place of the defaults (after `overrides`). */
  readonly deps?: (root: CliRoot, config: LocusConfig) => Partial<HttpServerDeps>;
  /** Runs on the server before it listens (e.g. to add a hook). */
  readonly beforeListen?: (app: FastifyInstance) => void;
}

/**
 * An HTTP server over the memory profile (another one through `env`), on a manual clock, with some
 * deps replaceable.
 */
export const httpFixture = async (
  env: Record<string, string> = {},
  overrides: Partial<HttpServerDeps> = {},
  options: HttpFixtureOptions = {},
): Promise<HttpFixture> => {
  const clock = new ManualClock(NOW);
  const config = readLocusConfig({
    env: { LOCUS_PROFILE: 'memory', ...env },
    cwd: options.cwd ?? process.cwd(),
  });
  const root = await createCliRoot(config, { clock });
  await options.prepare?.(root, config);
  const accepted: LocationsAccepted[] = [];
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', stream: { write: (line: string) => logLines.push(line) } });
  const queue = root.get(TOKENS.queue);
  const app = createHttpServer({
    receive: root.get(ReceiveService),
    clients: new ClientIntake(
      overrides.receive ?? root.get(ReceiveService),
      root.get(TOKENS.rejected),
      config.core,
    ),
    reports: root.get(ReportCatalog),
    queueDepth: () => queue.depth(),
    clock,
    logger,
    maxBodyBytes: config.http.maxBodyBytes,
    onAccepted: (event) => {
      accepted.push(event);
      root.get(AcceptedTally).add(event);
    },
    ...overrides,
    ...options.deps?.(root, config),
  });
  options.beforeListen?.(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    base,
    request: (options) => send(base, options),
    post: (payload, headers = JSON_HEADERS) =>
      send(base, {
        method: 'POST',
        path: '/locations',
        headers,
        body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      }),
    root,
    clock,
    accepted,
    logLines,
    close: async () => {
      await closeHttpServer(app);
      await root.close();
    },
  };
};

/** A valid location as devices send it, recorded a minute before {@link NOW}. */
export const aLocation = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  deviceId: 'phone-0042',
  latitude: 35.681236,
  longitude: 139.767125,
  timestamp: '2026-11-28T18:14:00+09:00',
  accuracy: 12.5,
  ...overrides,
});

export const JSON_HEADERS: Record<string, string> = { 'content-type': 'application/json' };
