import { createParseRequestHandler } from '../../deploy/lambda/parse-request/handler';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import type { EntryRoot } from '../../deploy/lambda/shared/entry-root';
import { createTelemetry } from '../../deploy/lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { httpApiEvent, lambdaContext } from '../../deploy/test/lambda/lambda-fixtures';
import { TOKENS } from '../../src/application/tokens';
import { badInputCatalogue } from './bad-input-catalogue';
import { answerProblems } from './support/answer-check';

describe('the bad input catalogue against the parse_request handler', () => {
  let root: EntryRoot;
  let output: CapturedOutput;

  beforeAll(() => {
    output = captureOutput();
    root = createParseRequestRoot({ LOCUS_PROFILE: 'memory', LOCUS_TIMEZONE: 'UTC' });
  });

  afterAll(async () => {
    await root.close();
    output.restore();
  });

  it('answers every case as documented, and only the accepted ones reach the queue', async () => {
    const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
    const queue = root.get(TOKENS.queue);
    const catalogue = badInputCatalogue(Date.now(), root.config.http.maxBodyBytes);
    expect(catalogue.length).toBeGreaterThanOrEqual(60);
    const problems: string[] = [];
    for (const input of catalogue) {
      const before = (await queue.depth()).ready;
      const binary = Buffer.isBuffer(input.body);
      const result = await handler(
        httpApiEvent({
          body: binary ? input.body.toString('base64') : (input.body as string),
          isBase64Encoded: binary,
          headers: input.contentType === null ? {} : { 'content-type': input.contentType },
        }),
        lambdaContext('parse_request'),
      );
      const found = answerProblems(input, { status: result.statusCode ?? 0, text: String(result.body) });
      const added = (await queue.depth()).ready - before;
      const expectedAdded = input.expect.status === 202 ? 1 : 0;
      if (added !== expectedAdded)
        found.push(`the queue grew by ${added} messages, expected ${expectedAdded}`);
      if (found.length > 0) problems.push(`${input.name}: ${found.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });
});
