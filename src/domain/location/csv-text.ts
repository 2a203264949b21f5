/**
 * RFC 4180 text: a field is quoted when it holds a comma, a quote or a line break, and quotes
 * inside it are doubled. The reader takes text in chunks of any size and hands out complete rows;
 * it accepts `\n` and `\r\n` line ends and skips blank lines.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export const encodeCsvField = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export const encodeCsvRow = (fields: readonly string[]): string => {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += encodeCsvField(fields[i] as string);
  }
  return line;
};

export class CsvSyntaxError extends Error {
  readonly code = 'CSV_SYNTAX';
  constructor(message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses one row that starts at `start` and contains quotes; `undefined` when the text ends inside it. */
const parseQuotedRow = (
  text: string,
  start: number,
  final: boolean,
): { fields: string[]; next: number } | undefined => {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (i + 1 >= text.length && !final) return undefined;
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === '"') throw new CsvSyntaxError(`a quote inside an unquoted field at offset ${i}`);
    if (c === ',') {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      fields.push(field);
      const next = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      if (c === '\r' && i + 1 >= text.length && !final) return undefined;
      return { fields, next };
    }
    field += c;
    fieldStart = false;
    i++;
  }
  if (quoted) {
    if (final) throw new CsvSyntaxError('the text ends inside a quoted field');
    return undefined;
  }
  if (!final) return undefined;
  fields.push(field);
  return { fields, next: text.length };
};

/** Streaming RFC 4180 reader. */
export class CsvRowReader {
  private pending = '';

  /** Adds a chunk of text; complete rows are appended to `out`. */
  push(chunk: string, out: string[][]): void {
    this.pending = this.consume(this.pending.length === 0 ? chunk : this.pending + chunk, out, false);
  }

  /** Ends the text; a last row without a line end is appended to `out`. */
  end(out: string[][]): void {
    this.pending = this.consume(this.pending, out, true);
  }

  private consume(text: string, out: string[][], final: boolean): string {
    let pos = 0;
    // The next quote at or after `pos`: found once and reused while lines go by without quotes,
    // so a long text without quotes is scanned once, not once per line.
    let quote = text.indexOf('"');
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = text.length;
      }
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || quote > nl) {
        const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end > pos) out.push(text.slice(pos, end).split(','));
        pos = nl + 1;
        continue;
      }
      const row = parseQuotedRow(text, pos, final);
      if (row === undefined) break;
      out.push(row.fields);
      pos = row.next;
    }
    return pos >= text.length ? '' : text.slice(pos);
  }
}
