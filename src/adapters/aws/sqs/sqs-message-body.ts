import { decodeLocationCsv, encodeLocationCsv, type LocationRecord } from '../../../domain';

/** The largest SQS message body the queue sends (bytes of UTF-8), and the largest batch call. */
export const SQS_MAX_MESSAGE_BYTES = 262_144;

/**
 * What a record line may hold as it is: no line break (so a body splits into records at `\n`) and
 * nothing SQS refuses in a body (it takes #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and, on AWS
 * though not in every emulator, #x10000 and above).
 */
const UNSAFE = /[^\t\u0020-\uD7FF\uE000-\uFFFD]/;
const BASE64_MARK = 'base64:';

/**
 * One record as one physical line of a message body, `\n` ended: its CSV line (the domain codec),
 * or `base64:<UTF-8 bytes of the CSV line>` when that holds a line break or text SQS would refuse.
 * A plain line starts with a record id, so the two cannot be confused.
 */
export const encodeRecordLine = (record: LocationRecord): string => {
  const line = encodeLocationCsv(record);
  return UNSAFE.test(line) ? `${BASE64_MARK}${Buffer.from(line, 'utf8').toString('base64')}\n` : `${line}\n`;
};

/**
 * Encodes one request's records as message bodies: one line per record, one body while it fits
 * in `maxBytes`, else as few bodies as keep each within it.
 */
export const encodeMessageBodies = (
  records: readonly LocationRecord[],
  maxBytes: number = SQS_MAX_MESSAGE_BYTES,
): string[] => {
  const bodies: string[] = [];
  let body = '';
  let bytes = 0;
  for (const record of records) {
    const line = encodeRecordLine(record);
    const lineBytes = Buffer.byteLength(line, 'utf8');
    if (bytes > 0 && bytes + lineBytes > maxBytes) {
      bodies.push(body);
      body = '';
      bytes = 0;
    }
    body += line;
    bytes += lineBytes;
  }
  if (bytes > 0) bodies.push(body);
  return bodies;
};

/** A line of a message body that is not a record, and why. */
export interface PoisonLine {
  readonly line: string;
  readonly reason: string;
}

/** A message body read line by line: the records it holds and the lines that are not records. */
export interface MessageContent {
  readonly records: LocationRecord[];
  readonly poison: PoisonLine[];
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The records of one physical line: a CSV line, or `base64:` text (one record, or a whole older body). */
const decodeLine = (line: string): LocationRecord[] => {
  const text = line.startsWith(BASE64_MARK)
    ? Buffer.from(line.slice(BASE64_MARK.length), 'base64').toString('utf8')
    : line;
  return decodeLocationCsv(text);
};

/**
 * Reads a message body. A body that decodes whole is all records (this also reads bodies whose
 * CSV held quoted line breaks). Otherwise each physical line is decoded on its own, so one line
 * that is not a record spoils only itself: the rest are records, the line is poison with its
 * reason. A body with no record at all is poison as a whole.
 */
export const readMessageBody = (body: string): MessageContent => {
  try {
    const records = body.includes(BASE64_MARK) ? [] : decodeLocationCsv(body);
    if (records.length > 0) return { records, poison: [] };
  } catch {
    // Read line by line below.
  }
  const records: LocationRecord[] = [];
  const poison: PoisonLine[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    try {
      const decoded = decodeLine(line);
      if (decoded.length === 0) throw new Error('the line holds no record');
      records.push(...decoded);
    } catch (error) {
      poison.push({ line, reason: reasonOf(error) });
    }
  }
  if (records.length === 0 && poison.length === 0) {
    poison.push({ line: body, reason: 'the message holds no record' });
  }
  return { records, poison };
};
