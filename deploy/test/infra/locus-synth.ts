import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createLocusApp } from '../../infra/locus-app';
import type { LocusStack } from '../../infra/locus-stack';

/** The defaults a deployment starts from: the `context` of `deploy/cdk.json`. */
export const cdkJsonContext = (): Record<string, unknown> => {
  const file = path.join(__dirname, '..', '..', 'cdk.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { context: Record<string, unknown> }).context;
};

/** A Serverless workgroup as a deployer would configure it. */
export const WORKGROUP_CONTEXT = {
  redshiftWorkgroupName: 'locus-analytics',
  redshiftWorkgroupId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  redshiftDatabase: 'analytics',
} as const;

export interface LocusSynth {
  readonly stack: LocusStack;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  dispose(): void;
}

/**
 * Synthesizes the app once (placeholder bundles, cdk-nag on) into a temporary folder, with the
 * `cdk.json` defaults plus `context`. Call `dispose()` when done.
 */
export const synthLocus = (context: Record<string, unknown> = {}): LocusSynth => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-cdk-'));
  const dispose = () => fs.rmSync(outdir, { recursive: true, force: true });
  try {
    const { app, stack } = createLocusApp({
      outdir,
      context: { ...cdkJsonContext(), bundles: 'placeholder', ...WORKGROUP_CONTEXT, ...context },
    });
    const assembly = app.synth();
    return { stack, template: Template.fromStack(stack), assembly, outdir, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
};
