import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import type { LocusError } from '../../../ports/errors';
import { translateAwsError } from '../aws-errors';
import type { S3Address } from './s3-layout';

/** Bytes gathered before a piece is sent (S3 wants at least 5 MiB for every piece but the last). */
export const PIECE_BYTES = 8 * 1024 * 1024;
/** Pieces uploaded at once. */
const PIECES_IN_FLIGHT = 4;

export interface PiecewiseUploadOptions {
  readonly contentType: string;
  /**
   * Runs once every piece is stored, just before the upload is completed (the step that makes the
   * object visible); when it throws, the upload is aborted and its error passed on.
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
 * Streams an object of any size into S3 as a multipart upload, a small object being one piece.
 * The stored pieces stay invisible until the upload is completed, so `beforeComplete` runs after
 * the whole content is durable in S3 but before the object appears (or replaces the old one). Any
 * failure (the content's, the check's, S3's) aborts the upload, which drops its pieces: nothing
 * visible changes. The content's and the check's errors are passed on as they are, S3's are
 * translated. Returns the bytes written.
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
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw failed(new Error('S3 started an upload without an id'), at);

  const pieces: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let pieceFailure: { error: unknown } | undefined;
  const send = (body: Buffer): void => {
    const number = ++sent;
    const upload = sdk(() =>
      client.send(new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber: number, Body: body })),
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
        await settle(false);
        send(Buffer.concat(buffered, size));
        buffered = [];
        size = 0;
      }
    }
    // The last piece may be small; an empty object is one empty piece.
    if (size > 0 || sent === 0) send(Buffer.concat(buffered, size));
    await settle(true);
    await options.beforeComplete?.();
    pieces.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await sdk(() =>
      client.send(
        new CompleteMultipartUploadCommand({
          ...target,
          UploadId: uploadId,
          MultipartUpload: { Parts: pieces },
        }),
      ),
    );
    return bytes;
  } catch (error) {
    await Promise.allSettled(inFlight);
    await client
      .send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
};
