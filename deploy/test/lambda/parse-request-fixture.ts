import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { TOKENS } from '../../../src/application/tokens';
import type { LocationQueue } from '../../../src/ports';
import { NOW } from '../../../test/http/http-fixture';
import { ManualClock } from '../../../test/support/manual-clock';
import { createParseRequestHandler, type ParseRequestHandler } from '../../lambda/parse-request/handler';
import { createParseRequestRoot } from '../../lambda/parse-request/root';
import type { EntryRoot } from '../../lambda/shared/entry-root';
import { createTelemetry } from '../../lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from './captured-output';
import { lambdaContext } from './lambda-fixtures';

/** A handler's result, with its body parsed as JSON. */
export type ParsedResult = APIGatewayProxyStructuredResultV2 & {
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
  readonly json: any;
};

/** Invokes `parse_request` with one event; its result with the body parsed as JSON. */
export const callParseRequest = async (
  handler: ParseRequestHandler,
  event: APIGatewayProxyEventV2,
): Promise<ParsedResult> => {
  const result = await handler(event, lambdaContext('parse_request'));
  return { ...result, json: JSON.parse(result.body as string) };
};

/** `parse_request` over its own root, as one invocation environment of the function. */
export interface ParseRequestFixture {
  readonly root: EntryRoot;
  readonly handler: ParseRequestHandler;
  readonly clock: ManualClock;
  /** Invokes the handler (see {@link callParseRequest}). */
  call(event: APIGatewayProxyEventV2): Promise<ParsedResult>;
  /** How many messages are ready on the root's queue. */
  queued(): Promise<number>;
  close(): Promise<void>;
}

export interface ParseRequestOptions {
  /** The clock of the root; a manual one at {@link NOW} by default. */
  readonly clock?: ManualClock;
  /** Stands in for the profile's queue when given. */
  readonly queue?: LocationQueue;
}

/** `parse_request` over the memory profile (another one through `env`), with `env`'s `LOCUS_*` settings. */
export const parseRequestFixture = (
  env: Record<string, string> = {},
  options: ParseRequestOptions = {},
): ParseRequestFixture => {
  const clock = options.clock ?? new ManualClock(NOW);
  const root = createParseRequestRoot({ LOCUS_PROFILE: 'memory', ...env }, { clock });
  if (options.queue !== undefined) root.container.rebindSync(TOKENS.queue).toConstantValue(options.queue);
  const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
  return {
    root,
    handler,
    clock,
    call: (event) => callParseRequest(handler, event),
    queued: async () => (await root.get(TOKENS.queue).depth()).ready,
    close: () => root.close(),
  };
};

/** What {@link useParseRequest} gives the tests of a `describe` block. */
export interface ParseRequestUse {
  /** Opens `parse_request` for the running test (see {@link parseRequestFixture}); closed after the test. */
  open(env?: Record<string, string>, options?: ParseRequestOptions): ParseRequestFixture;
  /** What the running test's handlers wrote (Powertools logs and metrics). */
  readonly output: CapturedOutput;
}

/**
 * Registers the hooks of a `describe` block whose tests call `parse_request`: the output of each
 * test is captured, and the handler it opened is closed after it.
 */
export const useParseRequest = (): ParseRequestUse => {
  let output: CapturedOutput | undefined;
  const opened: ParseRequestFixture[] = [];

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output?.restore();
    for (const fixture of opened.splice(0)) await fixture.close();
  });

  return {
    open: (env, options) => {
      const fixture = parseRequestFixture(env, options);
      opened.push(fixture);
      return fixture;
    },
    get output() {
      if (output === undefined) throw new Error('the output is captured during a test only');
      return output;
    },
  };
};
