import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import type { BundleMode } from './settings';

/** The Lambda bundles the stack deploys, each `lambda/<name>/index.js` with `index.handler`. */
export const LAMBDA_BUNDLES = [
  'parse_request',
  'store_request',
  'start_collect_server',
  'stop_collect_server',
] as const;

export type LambdaBundleName = (typeof LAMBDA_BUNDLES)[number];

/** The folder that holds `cdk.json`, found upward from `start` (works from sources and from the synth bundle). */
export const findDeployRoot = (start: string = __dirname): string => {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'cdk.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no cdk.json above ${start}`);
    dir = parent;
  }
};

export interface BundleSourceOptions {
  readonly mode: BundleMode;
  /** Where built bundles live; `deploy/dist` by default. */
  readonly bundleDir?: string;
  /** Fail instead of falling back to the placeholder. */
  readonly strict: boolean;
  readonly deployRoot?: string;
}

/**
 * Finds the code the stack ships: the built bundles under `deploy/dist` (or `bundleDir` /
 * `LOCUS_BUNDLE_DIR`) when they exist, otherwise the committed placeholders in
 * `deploy/infra/placeholder`, whose handlers fail with a message saying the bundle was not built.
 * `mode: 'placeholder'` always uses the placeholders (tests); `strict` refuses them (deploys).
 */
export class BundleSource {
  private readonly deployRoot: string;
  private readonly bundleDir: string;

  constructor(private readonly options: BundleSourceOptions) {
    this.deployRoot = options.deployRoot ?? findDeployRoot();
    this.bundleDir = path.resolve(
      this.deployRoot,
      options.bundleDir ?? process.env.LOCUS_BUNDLE_DIR ?? path.join(this.deployRoot, 'dist'),
    );
  }

  /** The folder with `index.js` for one Lambda function. */
  lambdaDir(scope: Construct, name: LambdaBundleName): string {
    return this.pick(scope, path.join('lambda', name), path.join('lambda'));
  }

  /** The collect server's entry point folder (shipped whole as one zip asset). */
  collectServerDir(scope: Construct): string {
    return this.pick(scope, 'collect-server', 'collect-server');
  }

  lambdaCode(scope: Construct, name: LambdaBundleName): lambda.Code {
    return lambda.Code.fromAsset(this.lambdaDir(scope, name));
  }

  collectServerAsset(scope: Construct, id: string): s3assets.Asset {
    return new s3assets.Asset(scope, id, { path: this.collectServerDir(scope) });
  }

  private pick(scope: Construct, built: string, placeholder: string): string {
    const placeholderDir = path.join(this.deployRoot, 'infra', 'placeholder', placeholder);
    if (this.options.mode === 'placeholder') return placeholderDir;
    const builtDir = path.join(this.bundleDir, built);
    if (fs.existsSync(path.join(builtDir, 'index.js'))) return builtDir;
    const message = `${path.join(builtDir, 'index.js')} is missing: run npm run build:bundles`;
    if (this.options.strict) throw new Error(message);
    Annotations.of(scope).addWarningV2('locus:placeholder-bundle', `${message}; deploying a placeholder`);
    return placeholderDir;
  }
}
