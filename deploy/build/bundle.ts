import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

/** The repository: the nearest folder above `start` with package.json and deploy/ (from source or compiled). */
export const findRepoRoot = (start: string): string => {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'deploy', 'lambda')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository above ${start}`);
  }
};

export const REPO_ROOT = findRepoRoot(__dirname);

export interface BundleSpec {
  readonly name: string;
  /** The entry point's source, relative to the repository. */
  readonly entry: string;
  /** The bundle's file, relative to the output folder (what the CDK stack expects). */
  readonly output: string;
  /** esbuild's target: the Node.js the bundle runs on in AWS. */
  readonly target: string;
}

/** The Lambda runtime (`nodejs24.x`, deploy/infra/constructs/locus-function.ts). */
export const LAMBDA_TARGET = 'node24';
/** The collect server's Node.js from the Amazon Linux 2023 repositories (deploy/infra/constructs/collect-server.ts). */
export const COLLECT_SERVER_TARGET = 'node22';

/** Every bundle the stack deploys: four Lambda handlers (`index.handler`) and the collect server. */
export const BUNDLES: readonly BundleSpec[] = [
  {
    name: 'parse_request',
    entry: 'deploy/lambda/parse-request/index.ts',
    output: 'lambda/parse_request/index.js',
    target: LAMBDA_TARGET,
  },
  {
    name: 'store_request',
    entry: 'deploy/lambda/store-request/index.ts',
    output: 'lambda/store_request/index.js',
    target: LAMBDA_TARGET,
  },
  {
    name: 'start_collect_server',
    entry: 'deploy/lambda/start-collect-server/index.ts',
    output: 'lambda/start_collect_server/index.js',
    target: LAMBDA_TARGET,
  },
  {
    name: 'stop_collect_server',
    entry: 'deploy/lambda/stop-collect-server/index.ts',
    output: 'lambda/stop_collect_server/index.js',
    target: LAMBDA_TARGET,
  },
  {
    name: 'collect-server',
    entry: 'deploy/collect-server/index.ts',
    output: 'collect-server/index.js',
    target: COLLECT_SERVER_TARGET,
  },
];

/**
 * Packages no bundle may carry: native modules (SQLite, DuckDB) cannot be bundled and belong to
 * the local profile, and the command line's server, CLI and terminal packages are not used here.
 */
export const FORBIDDEN_PACKAGES = [
  'better-sqlite3',
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  'fastify',
  'pino',
  'commander',
  'croner',
  'cli-progress',
];

export interface BuiltBundle extends BundleSpec {
  /** The bundle's absolute path. */
  readonly file: string;
  readonly bytes: number;
  /** The npm packages bundled in, with the bytes each adds. */
  readonly packages: Readonly<Record<string, number>>;
}

export interface BuildOptions {
  /** The output folder (`deploy/dist` for the stack). */
  readonly outDir: string;
  /** Some bundles only (by name); all by default. */
  readonly only?: readonly string[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

const packagesOf = (output: Metafile['outputs'][string]): Record<string, number> => {
  const bytes: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = PACKAGE.exec(input)?.[1];
    if (name !== undefined && bytesInOutput > 0) bytes[name] = (bytes[name] ?? 0) + bytesInOutput;
  }
  return bytes;
};

const buildFor = (target: string, specs: readonly BundleSpec[], outDir: string) =>
  build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(specs.map((spec) => [spec.output.replace(/\.js$/, ''), spec.entry])),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    mainFields: ['module', 'main'],
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    minify: true,
    // Class names stay readable in logs and stack traces (and name the resolved adapters in tests).
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });

/**
 * Builds the bundles with esbuild: one CommonJS file each (plus its source map), every dependency
 * inside, the AWS SDK v3 included — the version tested is the version deployed, not whichever the
 * Lambda runtime ships, and the collect server has no SDK of its own. ESM builds of packages are
 * preferred (`module` field), which lets esbuild drop the unused parts of the SDK clients.
 * Fails when a bundle would carry a forbidden package.
 */
export const buildBundles = async (options: BuildOptions): Promise<BuiltBundle[]> => {
  const specs = BUNDLES.filter((spec) => options.only === undefined || options.only.includes(spec.name));
  const outDir = path.resolve(options.outDir);
  await Promise.all(
    specs.map((spec) =>
      fs.rm(path.join(outDir, path.dirname(spec.output)), { recursive: true, force: true }),
    ),
  );
  // One esbuild run per target: the Lambda bundles and the collect server run on different Node.js lines.
  const targets = [...new Set(specs.map((spec) => spec.target))];
  const outputs: Metafile['outputs'] = {};
  for (const result of await Promise.all(
    targets.map((target) =>
      buildFor(
        target,
        specs.filter((spec) => spec.target === target),
        outDir,
      ),
    ),
  ))
    Object.assign(outputs, result.metafile.outputs);
  const built: BuiltBundle[] = [];
  for (const spec of specs) {
    const file = path.join(outDir, spec.output);
    const key = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    const output = outputs[key];
    if (output === undefined) throw new Error(`esbuild wrote no ${key}`);
    const packages = packagesOf(output);
    const forbidden = FORBIDDEN_PACKAGES.filter((name) => name in packages);
    if (forbidden.length > 0)
      throw new Error(`${spec.name} would carry ${forbidden.join(', ')}: the bundle is refused`);
    built.push({ ...spec, file, bytes: output.bytes, packages });
  }
  return built;
};
