import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PORTS } from '../../src/ports/port-names';
import type { BuiltBundle } from './bundle';

const run = promisify(execFile);

/** The ports' token keys (`locus.queue`, …): a fresh process finds them with `Symbol.for`. */
const PORT_TOKEN_KEYS = Object.values(PORTS).map((token) => Symbol.keyFor(token as symbol));

/**
 * What a fresh process runs: load the bundle (a Lambda bundle builds its container and resolves
 * its handler's services while loading, as at a cold start), resolve every service of its root,
 * and print the time this took, the memory held, and which adapter each port resolves to.
 */
const PROBE = `
const started = process.hrtime.bigint();
const bundle = require(process.env.LOCUS_BUNDLE_FILE);
const root = bundle.root ?? bundle.createCollectServerRoot(process.env);
const resolved = root.resolveAll();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const ports = {};
for (const key of ${JSON.stringify(PORT_TOKEN_KEYS)}) {
  const port = key.replace('locus.', '');
  try {
    ports[port] = root.get(Symbol.for(key)).constructor.name;
  } catch (error) {
    ports[port] = 'error: ' + error.message;
  }
}
process.stdout.write(JSON.stringify({
  ms,
  rssMiB: process.memoryUsage().rss / 1048576,
  handler: typeof bundle.handler,
  services: resolved.map((service) => service.constructor.name),
  ports,
}));
`;

export interface ProbeResult {
  readonly ms: number;
  readonly rssMiB: number;
  readonly handler: string;
  readonly services: readonly string[];
  /** The class each port resolves to (an error for the ports the entry point does not build). */
  readonly ports: Readonly<Record<string, string>>;
}

/** Loads a bundle in a new Node.js process and resolves its container. */
export const probeBundle = async (bundle: BuiltBundle, env: Record<string, string>): Promise<ProbeResult> => {
  const { stdout } = await run(process.execPath, ['-e', PROBE], {
    env: { PATH: process.env.PATH ?? '', ...env, LOCUS_BUNDLE_FILE: bundle.file },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as ProbeResult;
};

export interface BundleMeasure {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly rssMiB: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Measures each bundle's size and its cold initialisation (load + container build) over `runs` processes. */
export const measureBundles = async (
  bundles: readonly BuiltBundle[],
  env: Record<string, string>,
  runs: number,
): Promise<BundleMeasure[]> => {
  const measures: BundleMeasure[] = [];
  for (const bundle of bundles) {
    const probes: ProbeResult[] = [];
    for (let i = 0; i < runs; i++) probes.push(await probeBundle(bundle, env));
    const times = probes.map((p) => p.ms);
    measures.push({
      name: bundle.name,
      bytes: bundle.bytes,
      gzipBytes: gzipSync(readFileSync(bundle.file)).length,
      runs,
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      rssMiB: median(probes.map((p) => p.rssMiB)),
    });
  }
  return measures;
};

/** The measures as a Markdown table. */
export const measureTable = (measures: readonly BundleMeasure[]): string => {
  const kib = (bytes: number) => (bytes / 1024).toFixed(0);
  const ms = (value: number) => value.toFixed(0);
  const lines = [
    '| bundle | size KiB | gzip KiB | cold init ms (median) | min | max | RSS MiB | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measures.map(
      (m) =>
        `| ${m.name} | ${kib(m.bytes)} | ${kib(m.gzipBytes)} | ${ms(m.medianMs)} | ${ms(m.minMs)} | ${ms(m.maxMs)} | ` +
        `${m.rssMiB.toFixed(0)} | ${m.runs} |`,
    ),
  ];
  return lines.join('\n');
};
