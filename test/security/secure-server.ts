import type { FastifyInstance } from 'fastify';
import { TokenService } from '../../src/application/security/token-service';
import { TOKENS } from '../../src/application/tokens';
import { httpSecurity } from '../../src/cli/serve/serve-security';
import type { CliRoot } from '../../src/composition/cli-root';
import { cliSecuritySettings } from '../../src/composition/cli-root';
import { type HttpAnswer, httpFixture, JSON_HEADERS } from '../http/http-fixture';
import type { ManualClock } from '../support/manual-clock';

export interface SecureServer {
  readonly base: string;
  readonly app: FastifyInstance;
  readonly root: CliRoot;
  readonly clock: ManualClock;
  readonly tokens: TokenService;
  readonly logLines: string[];
  post(payload: unknown, headers?: Record<string, string>, path?: string): Promise<HttpAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** How many messages are ready on the queue. */
  queued(): Promise<number>;
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
  const fixture = await httpFixture(
    env,
    {},
    {
      cwd,
      deps: (root, config) => ({
        security: httpSecurity(root.container, cliSecuritySettings(config)),
        trustProxy: config.http.trustProxy,
      }),
    },
  );
  const { base, app, root, clock, logLines } = fixture;
  return {
    base,
    app,
    root,
    clock,
    tokens: root.get(TokenService),
    logLines,
    post: (payload, headers = {}, path = '/locations') =>
      fixture.request({
        method: 'POST',
        path,
        headers: { ...JSON_HEADERS, ...headers },
        body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      }),
    get: (path, headers = {}) => fixture.request({ path, headers }),
    queued: async () => (await root.get(TOKENS.queue).depth()).ready,
    close: () => fixture.close(),
  };
};

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
