import { decodeLocationCsv, encodeLocationCsv, type LocationRecord } from '../../../domain';

/** The largest SQS message body the queue sends (bytes of UTF-8), and the largest batch call. */
export const SQS_MAX_MESSAGE_BYTES = 262_144;

/**
 * Characters SQS refuses in a body (it takes #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and, on AWS
 * though not in every emulator, #x10000 and above). A body holding any is sent base64-encoded.
 */
const UNSAFE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;
const BASE64_MARK = 'base64:';

const encodeLines = (records: readonly LocationRecord[]): string[] =>
  records.map((record) => `${encodeLocationCsv(record)}\n`);

/**
 * Encodes one request's records as message bodies: CSV lines (the domain codec, `\n` ends), one
 * body while it fits in `maxBytes`, else as few bodies as keep each within it. Text SQS would
 * refuse (control characters, characters beyond the BMP) travels as `base64:<UTF-8 bytes>`; a
 * plain body starts with a record id, so the two cannot be confused.
 */
export const encodeMessageBodies = (
  records: readonly LocationRecord[],
  maxBytes: number = SQS_MAX_MESSAGE_BYTES,
): string[] => {
  const lines = encodeLines(records);
  const escaped = lines.some((line) => UNSAFE.test(line));
  const budget = escaped ? Math.floor((maxBytes - BASE64_MARK.length) / 4) * 3 : maxBytes;
  const bodies: string[] = [];
  let body = '';
  let bytes = 0;
  for (const line of lines) {
    const lineBytes = Buffer.byteLength(line, 'utf8');
    if (bytes > 0 && bytes + lineBytes > budget) {
      bodies.push(body);
      body = '';
      bytes = 0;
    }
    body += line;
    bytes += lineBytes;
  }
  if (bytes > 0) bodies.push(body);
  return escaped ? bodies.map((text) => BASE64_MARK + Buffer.from(text, 'utf8').toString('base64')) : bodies;
};

/** Decodes a message body back into its records; throws when any line is not a valid record. */
export const decodeMessageBody = (body: string): LocationRecord[] => {
  const text = body.startsWith(BASE64_MARK)
    ? Buffer.from(body.slice(BASE64_MARK.length), 'base64').toString('utf8')
    : body;
  const records = decodeLocationCsv(text);
  if (records.length === 0) throw new Error('the message holds no record');
  return records;
};
