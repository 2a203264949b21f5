import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** BENCHMARKS.md of the folder the bench runs in, unless BENCHMARKS_FILE names another. */
const FILE = process.env.BENCHMARKS_FILE ?? join(process.cwd(), 'BENCHMARKS.md');

/**
 * Replaces one named section of BENCHMARKS.md (between `<!-- name:start -->` and
 * `<!-- name:end -->`), appending it when it is not there yet. BENCH_SECTION_SUFFIX keeps figures
 * taken on another Node.js line beside the machine's (`ingest-node24`, see `.ci/node-line.sh`).
 */
export const writeBenchmarkSection = (name: string, markdown: string): void => {
  const section = process.env.BENCH_SECTION_SUFFIX ? `${name}-${process.env.BENCH_SECTION_SUFFIX}` : name;
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
};

/** Machine facts printed with every figure. */
export const machineLine = (): string => {
  const os = require('node:os') as typeof import('node:os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
};

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** A number as the tables write it: thousands separated, `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const perSecond = (count: number, ms: number): string =>
  `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
