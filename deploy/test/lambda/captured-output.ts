/** One JSON line a handler wrote (a Powertools log line or an embedded-format metrics line). */
export type OutputLine = Record<string, unknown>;

export interface CapturedOutput {
  /** Every JSON line written to stdout or stderr since the capture began. */
  lines(): OutputLine[];
  /** The log lines (those with a `level`). */
  logs(): OutputLine[];
  /** The values of one metric, over every embedded-format line. */
  metric(name: string): number[];
  restore(): void;
}

const jsonLines = (text: string): OutputLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as OutputLine];
      } catch {
        return [];
      }
    });

/**
 * Captures what Powertools writes (it writes to the process's stdout and stderr through its own
 * console), keeping test output clean. Other writes pass through.
 */
export const captureOutput = (): CapturedOutput => {
  const captured: OutputLine[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    return jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
      const lines = jsonLines(text);
      if (lines.length === 0) return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      captured.push(...lines);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write);
  });
  return {
    lines: () => [...captured],
    logs: () => captured.filter((line) => typeof line.level === 'string'),
    metric: (name) =>
      captured
        .filter((line) => typeof line._aws === 'object' && name in line)
        .flatMap((line) => {
          const value = line[name];
          return Array.isArray(value) ? (value as number[]) : [value as number];
        }),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
};
