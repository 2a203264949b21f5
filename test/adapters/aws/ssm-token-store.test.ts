import './quiet-sdk';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { useStaticAwsCredentials } from '../../../deploy/test/lambda/aws-test-env';
import { createSsmClient } from '../../../src/adapters/aws/aws-clients';
import { SsmTokenStore } from '../../../src/adapters/aws/ssm/ssm-token-store';
import { ssmTokenSettings } from '../../../src/config/aws-token-config';
import { isLocusError, type StoredToken } from '../../../src/ports';
import { type FakeSsm, startFakeSsm } from '../../security/fake-ssm';

useStaticAwsCredentials();

const PATH = '/locus/test/tokens/';

const aToken = (id: string, createdAt: number): StoredToken => ({
  id,
  label: `label-${id}`,
  scope: 'ingest',
  secretHash: `sha256$salt$${id}`,
  devices: ['phone-0042'],
  createdAt,
  revokedAt: null,
});

const serviceError = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
  new SSMServiceException({
    name,
    message: `${name} happened`,
    $fault: fault,
    $metadata: { httpStatusCode: status },
  });

describe('SsmTokenStore over HTTP (a stand-in for SSM)', () => {
  let ssm: FakeSsm;
  let client: SSMClient;
  let store: SsmTokenStore;

  beforeEach(async () => {
    ssm = await startFakeSsm();
    client = createSsmClient({ region: 'eu-west-1', maxAttempts: 2, endpoint: ssm.endpoint });
    store = new SsmTokenStore(client, PATH.slice(0, -1));
  });

  afterEach(async () => {
    client.destroy();
    await ssm.close();
  });

  it('writes SecureString parameters, reads them back, and lists them page by page by creation time', async () => {
    const tokens = Array.from({ length: 23 }, (_, i) =>
      aToken(`tok${String(i).padStart(9, '0')}`, 1_000 - i),
    );
    for (const token of tokens) await store.put(token);
    ssm.parameters.set(`${PATH}not-a-token`, { Name: `${PATH}not-a-token`, Value: '{}', Type: 'String' });

    expect(ssm.parameters.get(`${PATH}${tokens[0]?.id}`)?.Type).toBe('SecureString');
    expect(await store.get(tokens[3]?.id as string)).toEqual(tokens[3]);
    expect(await store.get('zzzzzzzzzzzz')).toBeUndefined();
    expect(await store.get('../escape')).toBeUndefined();
    const listed = await store.list();
    expect(listed.map((t) => t.id)).toEqual([...tokens].reverse().map((t) => t.id));
    expect(ssm.calls.filter((c) => c.action === 'GetParametersByPath')).toHaveLength(3);
    expect(ssm.calls.every((c) => c.signed)).toBe(true);
  });

  it('fails CORRUPT_OBJECT on a parameter that is not JSON', async () => {
    ssm.parameters.set(`${PATH}abcdefabcdef`, {
      Name: `${PATH}abcdefabcdef`,
      Value: '{nope',
      Type: 'SecureString',
    });
    const failure = await store.get('abcdefabcdef').catch((error: unknown) => error);
    expect(isLocusError(failure, 'CORRUPT_OBJECT')).toBe(true);
  });
});

describe('SsmTokenStore error translation', () => {
  const client = new SSMClient({ region: 'eu-west-1' });
  const mock = mockClient(client);
  const store = new SsmTokenStore(client, PATH);

  afterEach(() => mock.reset());

  it('takes a missing parameter as no token', async () => {
    mock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'gone', $metadata: {} }));
    expect(await store.get('abcdefabcdef')).toBeUndefined();
  });

  it.each([
    ['ThrottlingException', 400, 'client', 'THROTTLED', true],
    ['TooManyUpdates', 400, 'client', 'THROTTLED', true],
    ['InternalServerError', 500, 'server', 'STORE_UNAVAILABLE', true],
    ['AccessDeniedException', 400, 'client', 'STORE_UNAVAILABLE', false],
  ] as const)(
    'translates %s (HTTP %s, %s fault) into %s (retryable: %s), keeping the cause',
    async (name, status, fault, code, retryable) => {
      const cause = serviceError(name, status, fault);
      mock.on(PutParameterCommand).rejects(cause);
      mock.on(GetParameterCommand).rejects(cause);
      mock.on(GetParametersByPathCommand).rejects(cause);
      for (const call of [
        () => store.put(aToken('abcdefabcdef', 1)),
        () => store.get('abcdefabcdef'),
        () => store.list(),
      ]) {
        const failure = await call().catch((error: unknown) => error);
        expect(isLocusError(failure) && [failure.code, failure.retryable, failure.cause]).toEqual([
          code,
          retryable,
          cause,
        ]);
      }
    },
  );
});

describe('ssmTokenSettings', () => {
  it('overrides the endpoint for SSM alone, or takes the profile endpoint and attempts', () => {
    const base = { LOCUS_AWS_REGION: 'eu-west-1', LOCUS_AWS_ENDPOINT: 'http://127.0.0.1:4566' };
    expect(ssmTokenSettings({ ...base, LOCUS_AWS_TOKEN_PATH: '/a/b', LOCUS_AWS_MAX_ATTEMPTS: '3' })).toEqual({
      path: '/a/b/',
      client: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', maxAttempts: 3 },
    });
    expect(ssmTokenSettings({ ...base, LOCUS_AWS_SSM_ENDPOINT: 'http://127.0.0.1:9000/' }).client).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000/',
      maxAttempts: 5,
    });
  });

  it('names every problem in one CONFIGURATION error', () => {
    const failure = (() => {
      try {
        return ssmTokenSettings({ LOCUS_AWS_TOKEN_PATH: 'tokens', LOCUS_AWS_MAX_ATTEMPTS: '0' });
      } catch (error) {
        return error;
      }
    })();
    expect(isLocusError(failure, 'CONFIGURATION')).toBe(true);
    expect((failure as Error).message).toMatch(
      /LOCUS_AWS_TOKEN_PATH[\s\S]*LOCUS_AWS_REGION[\s\S]*LOCUS_AWS_MAX_ATTEMPTS/,
    );
  });
});
