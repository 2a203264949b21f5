import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import type { LocusError } from '../../../ports/errors';
import { translateAwsError } from '../aws-errors';
import type { S3Address } from './s3-layout';

/** Bytes gathered before a piece is sent (S3 wants at least 5 MiB for every piece but the last). */
const PIECE_BYTES = 8 * 1024 * 1024;
/** Pieces uploaded at once. */
const PIECES_IN_FLIGHT = 4;

export interface PiecewiseUploadOptions {
  readonly contentType: string;
  /**
   * Runs once every piece is stored, just before the upload is completed (the step that makes the
   * object visible); when it throws, the upload is aborted and its error passed on. With it, even
   * a small object is a multipart upload of one piece.
   */
  readonly beforeComplete?: () => Promise<void>;
}

const failed = (error: unknown, at: S3Address): LocusError =>
  translateAwsError(error, 'STORE_UNAVAILABLE', `writing s3://${at.bucket}/${at.key}`);

const completedPiece = (number: number, output: UploadPartCommandOutput): CompletedPart => ({
  PartNumber: number,
  ETag: output.ETag,
  ...(output.ChecksumCRC32 === undefined ? {} : { ChecksumCRC32: output.ChecksumCRC32 }),
  ...(output.ChecksumCRC32C === undefined ? {} : { ChecksumCRC32C: output.ChecksumCRC32C }),
  ...(output.ChecksumCRC64NVME === undefined ? {} : { ChecksumCRC64NVME: output.ChecksumCRC64NVME }),
  ...(output.ChecksumSHA1 === undefined ? {} : { ChecksumSHA1: output.ChecksumSHA1 }),
  ...(output.ChecksumSHA256 === undefined ? {} : { ChecksumSHA256: output.ChecksumSHA256 }),
});

/**
 * Streams an object of any size into S3. An object smaller than one piece and without
 * `beforeComplete` is one PUT; anything else is a multipart upload, started once the first piece
 * is gathered. The stored pieces stay invisible until the upload is completed, so `beforeComplete`
 * runs after the whole content is durable in S3 but before the object appears (or replaces the old
 * one). Any failure (the content's, the check's, S3's) aborts the upload, which drops its pieces:
 * nothing visible changes. The content's and the check's errors are passed on as they are, S3's
 * are translated. Returns the bytes written.
 */
export const uploadPiecewise = async (
  client: S3Client,
  at: S3Address,
  chunks: AsyncIterable<string | Uint8Array>,
  options: PiecewiseUploadOptions,
): Promise<number> => {
  const sdk = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw failed(error, at);
    }
  };
  const target = { Bucket: at.bucket, Key: at.key };
  const start = async (): Promise<string> => {
    // The SDK adds a CRC32 to every piece unless told otherwise; the upload must then declare it.
    const checksummed = (await client.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
    const created = await sdk(() =>
      client.send(
        new CreateMultipartUploadCommand({
          ...target,
          ContentType: options.contentType,
          ...(checksummed ? { ChecksumAlgorithm: ChecksumAlgorithm.CRC32 } : {}),
        }),
      ),
    );
    if (created.UploadId === undefined) throw failed(new Error('S3 started an upload without an id'), at);
    return created.UploadId;
  };

  let uploadId: string | undefined;
  const pieces: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let pieceFailure: { error: unknown } | undefined;
  const send = (id: string, body: Buffer): void => {
    const number = ++sent;
    const upload = sdk(() =>
      client.send(new UploadPartCommand({ ...target, UploadId: id, PartNumber: number, Body: body })),
    ).then(
      (output) => {
        pieces.push(completedPiece(number, output));
      },
      (error: unknown) => {
        pieceFailure ??= { error };
      },
    );
    const tracked = upload.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const settle = async (all: boolean): Promise<void> => {
    if (all) await Promise.all(inFlight);
    else if (inFlight.size >= PIECES_IN_FLIGHT) await Promise.race(inFlight);
    if (pieceFailure !== undefined) throw pieceFailure.error;
  };

  let bytes = 0;
  try {
    let buffered: Buffer[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      bytes += buffer.length;
      buffered.push(buffer);
      size += buffer.length;
      if (size >= PIECE_BYTES) {
        uploadId ??= await start();
        await settle(false);
        send(uploadId, Buffer.concat(buffered, size));
        buffered = [];
        size = 0;
      }
    }
    const last = Buffer.concat(buffered, size);
    if (uploadId === undefined && options.beforeComplete === undefined) {
      await sdk(() =>
        client.send(new PutObjectCommand({ ...target, Body: last, ContentType: options.contentType })),
      );
      return bytes;
    }
    const id = uploadId ?? (await start());
    uploadId = id;
    // The last piece may be small; an empty object is one empty piece.
    if (size > 0 || sent === 0) send(id, last);
    await settle(true);
    await options.beforeComplete?.();
    pieces.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await sdk(() =>
      client.send(
        new CompleteMultipartUploadCommand({
          ...target,
          UploadId: id,
          MultipartUpload: { Parts: pieces },
        }),
      ),
    );
    return bytes;
  } catch (error) {
    if (uploadId !== undefined) {
      await Promise.allSettled(inFlight);
      await client
        .send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId }))
        .catch(() => undefined);
    }
    throw error;
  }
};
