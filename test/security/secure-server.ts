import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/adapters/http/http-server';
import { createLogger } from '../../src/adapters/logging/create-logger';
import { ReceiveService } from '../../src/application';
import { TokenService } from '../../src/application/security/token-service';
import { ReportCatalog } from '../../src/application/status';
import { TOKENS } from '../../src/application/tokens';
import { type CliRoot, createCliRoot } from '../../src/composition/cli-root';
import { cliSecuritySettings, ensureCliSecurity, httpSecurity } from '../../src/composition/cli-security';
import { readLocusConfig } from '../../src/config/locus-config';
import { type HttpAnswer, JSON_HEADERS, NOW, send } from '../http/http-fixture';
import { ManualClock } from '../support/manual-clock';

export interface SecureServer {
  readonly base: string;
  readonly app: FastifyInstance;
  readonly root: CliRoot;
  readonly clock: ManualClock;
  readonly tokens: TokenService;
  readonly logLines: string[];
  post(payload: unknown, headers?: Record<string, string>, path?: string): Promise<HttpAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * The HTTP server as `locus serve` builds it, security included, over the memory profile (or
 * another, through `env`) on a manual clock, listening on loopback.
 */
export const secureServer = async (
  env: Record<string, string> = {},
  cwd = process.cwd(),
): Promise<SecureServer> => {
  const clock = new ManualClock(NOW);
  const config = readLocusConfig({ env: { LOCUS_PROFILE: 'memory', ...env }, cwd });
  const root = await createCliRoot(config, { clock });
  await ensureCliSecurity(root.container, config);
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', stream: { write: (line: string) => logLines.push(line) } });
  const queue = root.get(TOKENS.LocationQueue);
  const app = createHttpServer({
    receive: root.get(ReceiveService),
    reports: root.get(ReportCatalog),
    queueDepth: () => queue.depth(),
    clock,
    logger,
    maxBodyBytes: config.http.maxBodyBytes,
    security: httpSecurity(root.container, cliSecuritySettings(config)),
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base,
    app,
    root,
    clock,
    tokens: root.get(TokenService),
    logLines,
    post: (payload, headers = {}, path = '/locations') =>
      send(base, {
        method: 'POST',
        path,
        headers: { ...JSON_HEADERS, ...headers },
        body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      }),
    get: (path, headers = {}) => send(base, { path, headers }),
    close: async () => {
      await app.close();
      await root.close();
    },
  };
};

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
