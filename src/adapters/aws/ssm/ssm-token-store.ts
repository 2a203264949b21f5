import {
  GetParameterCommand,
  GetParametersByPathCommand,
  type Parameter,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { inject, injectable } from 'inversify';
import { LocusError, type StoredToken, type TokenStore } from '../../../ports';
import { errorName, translateAwsError } from '../aws-errors';
import { AWS_TOKENS } from '../aws-tokens';

/** A parameter's value: the token without its id (the id is the parameter's name). */
type ParameterValue = Omit<StoredToken, 'id'>;

const TOKEN_NAME = /^[a-z0-9]{12}$/;

/** Translates an SSM error; `TooManyUpdates` (SSM's own "slow down" on writes) is throttling too. */
const storeError = (error: unknown, doing: string): LocusError => {
  if (errorName(error) === 'TooManyUpdates') {
    return new LocusError('THROTTLED', `SSM throttled ${doing} (${errorName(error)})`, {
      cause: error,
      retryable: true,
    });
  }
  return translateAwsError(error, 'STORE_UNAVAILABLE', doing, 'THROTTLED');
};

/**
 * Tokens as SSM SecureString parameters `<path><id>` holding the token's hash and bindings as
 * JSON (encrypted at rest with the account's SSM key). `parse_request` reads one parameter per
 * token id, and the verifier caches the outcome; `locus token` writes them.
 */
@injectable()
export class SsmTokenStore implements TokenStore {
  private readonly path: string;

  constructor(
    @inject(AWS_TOKENS.SsmClient) private readonly client: SSMClient,
    @inject(AWS_TOKENS.SsmTokenPath) path: string,
  ) {
    this.path = path.endsWith('/') ? path : `${path}/`;
  }

  /** Writes the token's parameter (created or overwritten). Throws `STORE_UNAVAILABLE` or `THROTTLED`. */
  async put(token: StoredToken): Promise<void> {
    const { id, ...rest } = token;
    const value: ParameterValue = rest;
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: this.path + id,
          Value: JSON.stringify(value),
          Type: 'SecureString',
          Overwrite: true,
          Description: `Locus ${token.scope} token ${token.label}`,
        }),
      );
    } catch (error) {
      throw storeError(error, `storing token ${id}`);
    }
  }

  /** The token of that id, `undefined` when its parameter does not exist. */
  async get(id: string): Promise<StoredToken | undefined> {
    if (!TOKEN_NAME.test(id)) return undefined;
    try {
      const answer = await this.client.send(
        new GetParameterCommand({ Name: this.path + id, WithDecryption: true }),
      );
      return answer.Parameter === undefined ? undefined : this.tokenOf(answer.Parameter);
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return undefined;
      throw storeError(error, `reading token ${id}`);
    }
  }

  /** Every token under the path, by creation time (then id). */
  async list(): Promise<readonly StoredToken[]> {
    const tokens: StoredToken[] = [];
    let next: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetParametersByPathCommand({
            Path: this.path.slice(0, -1),
            Recursive: false,
            WithDecryption: true,
            MaxResults: 10,
            ...(next === undefined ? {} : { NextToken: next }),
          }),
        );
        for (const parameter of page.Parameters ?? []) {
          const token = this.tokenOf(parameter);
          if (token !== undefined) tokens.push(token);
        }
        next = page.NextToken;
      } while (next !== undefined);
    } catch (error) {
      throw storeError(error, `listing the tokens under ${this.path}`);
    }
    return tokens.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  private tokenOf(parameter: Parameter): StoredToken | undefined {
    const id = (parameter.Name ?? '').slice(this.path.length);
    if (!TOKEN_NAME.test(id) || parameter.Value === undefined) return undefined;
    try {
      const value = JSON.parse(parameter.Value) as ParameterValue;
      return { id, ...value, devices: [...value.devices] };
    } catch (error) {
      throw new LocusError('CORRUPT_OBJECT', `the token parameter ${parameter.Name} is not valid JSON`, {
        cause: error,
      });
    }
  }
}
