import { encodeReportCsv, LOCATION_CSV_HEADER, type LocationRecord } from '../../domain';

const LINE_END = '\r\n';

/**
 * A report's CSV made from its rows as they come: the header row, then one line per record
 * (`encodeReportCsv`), each ended by CRLF. `rows()` is the count once the text was read to the
 * end, `undefined` before.
 */
export const reportCsv = (
  chunks: AsyncIterable<readonly LocationRecord[]>,
): { text: AsyncIterable<string>; rows(): number | undefined } => {
  let rows: number | undefined;
  async function* text(): AsyncGenerator<string> {
    yield LOCATION_CSV_HEADER + LINE_END;
    let count = 0;
    for await (const chunk of chunks) {
      let lines = '';
      for (const record of chunk) lines += encodeReportCsv(record) + LINE_END;
      count += chunk.length;
      yield lines;
    }
    rows = count;
  }
  return { text: text(), rows: () => rows };
};
