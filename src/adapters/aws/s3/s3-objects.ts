import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LocusError } from '../../../ports/errors';
import { isNotFound, translateAwsError } from '../aws-errors';
import type { S3Address } from './s3-layout';
import { type PiecewiseUploadOptions, uploadPiecewise } from './s3-piecewise-upload';

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** Changes whenever the object is written again. */
  readonly etag?: string;
}

/** A text object and its entity tag (for conditional writes). */
export interface TextObject {
  readonly text: string;
  readonly etag: string | undefined;
}

/** Conditions S3 checks before a write (S3 refuses with 412 when they do not hold). */
export interface WriteConditions {
  /** Write only if no object has the key. */
  readonly ifAbsent?: boolean;
  /** Write only if the object still has this entity tag. */
  readonly ifMatch?: string;
}

const copySource = ({ bucket, key }: S3Address): string =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

const failed = (error: unknown, doing: string, at: S3Address): LocusError =>
  translateAwsError(error, 'STORE_UNAVAILABLE', `${doing} s3://${at.bucket}/${at.key}`);

/** Streams an object's bytes, translating a broken download into a `LocusError`. */
async function* guarded(body: AsyncIterable<Uint8Array>, at: S3Address): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (error) {
    throw failed(error, 'reading', at);
  }
}

/**
 * The few S3 operations the stores share, with SDK errors translated to `LocusError`
 * (`STORE_UNAVAILABLE`, or `THROTTLED` when S3 asked to slow down). Missing objects are answered
 * with `undefined` or `false`, not errors.
 */
export class S3Objects {
  constructor(private readonly client: S3Client) {}

  /** The object's bytes as a stream; `undefined` when there is no such object. */
  async open(at: S3Address): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
      return guarded((response.Body ?? []) as AsyncIterable<Uint8Array>, at);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw failed(error, 'reading', at);
    }
  }

  async readText(at: S3Address): Promise<TextObject | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
      const text = response.Body === undefined ? '' : await response.Body.transformToString('utf8');
      return { text, etag: response.ETag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw failed(error, 'reading', at);
    }
  }

  /** Writes a small object whole; with conditions, `false` when S3 refused them. */
  async putText(
    at: S3Address,
    text: string,
    contentType: string,
    conditions: WriteConditions = {},
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: at.bucket,
          Key: at.key,
          Body: text,
          ContentType: contentType,
          ...(conditions.ifAbsent === true ? { IfNoneMatch: '*' } : {}),
          ...(conditions.ifMatch === undefined ? {} : { IfMatch: conditions.ifMatch }),
        }),
      );
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
      throw failed(error, 'writing', at);
    }
  }

  /**
   * Streams an object of any size into S3 (one PUT when small, else multipart: see
   * `uploadPiecewise`). The object appears whole when the upload completes, or not at all; a failed
   * upload is aborted. Returns the bytes written.
   */
  upload(
    at: S3Address,
    chunks: AsyncIterable<string | Uint8Array>,
    contentType: string,
    options: Omit<PiecewiseUploadOptions, 'contentType'> = {},
  ): Promise<number> {
    return uploadPiecewise(this.client, at, chunks, { ...options, contentType });
  }

  /** Every object whose key starts with `prefix`, in key order, page by page. */
  async *list(bucket: string, prefix: string, startAfter?: string): AsyncGenerator<ListedObject> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: token,
            ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
          }),
        );
      } catch (error) {
        throw failed(error, 'listing', { bucket, key: prefix });
      }
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0, etag: object.ETag };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** The "folders" right under `prefix` (common prefixes up to the next `/`), in key order. */
  async folders(bucket: string, prefix: string): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      try {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        );
        for (const common of page.CommonPrefixes ?? [])
          if (common.Prefix !== undefined) found.push(common.Prefix);
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } catch (error) {
        throw failed(error, 'listing', { bucket, key: prefix });
      }
    } while (token !== undefined);
    return found.sort();
  }

  /** Copies an object; `false` when the source does not exist. */
  async copy(from: S3Address, to: S3Address): Promise<boolean> {
    try {
      await this.client.send(
        new CopyObjectCommand({ CopySource: copySource(from), Bucket: to.bucket, Key: to.key }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw failed(error, 'copying to', to);
    }
  }

  /** Deletes an object; deleting a missing object is not an error. */
  async delete(at: S3Address): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: at.bucket, Key: at.key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw failed(error, 'deleting', at);
    }
  }
}
