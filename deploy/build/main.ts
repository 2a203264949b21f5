// `npm run build:bundles` (and `npm run bench:bundles`): builds the deployable bundles into
// deploy/dist, and with --measure prints each bundle's size and cold initialisation time.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBundles, REPO_ROOT } from './bundle';
import { measureBundles, measureTable } from './measure';
import { sampleAwsEnv } from './sample-env';

const USAGE = 'usage: node main.js [--out DIR] [--measure] [--runs N]';

const parse = (args: readonly string[]) => {
  let outDir = path.join(REPO_ROOT, 'deploy', 'dist');
  let measure = false;
  let runs = 10;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out') outDir = path.resolve(args[++i] ?? '');
    else if (arg === '--measure') measure = true;
    else if (arg === '--runs') runs = Number(args[++i]);
    else throw new Error(`unknown argument ${arg} (${USAGE})`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number (${USAGE})`);
  return { outDir, measure, runs };
};

const main = async (): Promise<void> => {
  const options = parse(process.argv.slice(2));
  const started = Date.now();
  const bundles = await buildBundles({ outDir: options.outDir });
  for (const bundle of bundles) {
    console.log(`${path.relative(process.cwd(), bundle.file)}  ${(bundle.bytes / 1024).toFixed(0)} KiB`);
  }
  console.log(`built ${bundles.length} bundles in ${Date.now() - started} ms`);
  if (!options.measure) return;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'locus-measure-'));
  try {
    console.log(`\nmeasuring over ${options.runs} fresh Node.js ${process.version} processes each…\n`);
    console.log(measureTable(await measureBundles(bundles, sampleAwsEnv(dataDir), options.runs)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
