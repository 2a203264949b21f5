import type { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { LocusStack } from '../../infra/locus-stack';
import { flattenCfnValue } from '../../infra/nag';
import { logicalId } from './iam-permissions';
import { type LocusSynth, synthLocus } from './locus-synth';

export type Json = Parameters<typeof flattenCfnValue>[0];

/** The logical ids the stack tests refer to most. */
export interface LocusStackIds {
  readonly bucket: string;
  readonly queue: string;
  readonly dlq: string;
  readonly instance: string;
}

/** The default stack, synthesized once per test file. */
export interface SynthesizedLocusStack {
  readonly stack: LocusStack;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  readonly ids: LocusStackIds;
  /** `<LogicalId>` / `<LogicalId.Arn>`-style text of a token, as cdk-nag writes it in finding ids. */
  ref(token: string): string;
  /** One resource of the template, by logical id. */
  resourceOf(id: string): { Properties: Record<string, Json> };
}

/**
 * Synthesizes the default stack (cdk.json context plus a Serverless workgroup) in the calling test
 * file's `beforeAll` and removes its output in `afterAll`; the returned object reads that synthesis.
 */
export const useSynthesizedLocusStack = (): SynthesizedLocusStack => {
  let synth: LocusSynth | undefined;
  let ids: LocusStackIds | undefined;
  const current = (): LocusSynth => {
    if (synth === undefined) throw new Error('the stack is synthesized in beforeAll: use it inside a test');
    return synth;
  };
  const ref = (token: string): string => flattenCfnValue(current().stack.resolve(token) as Json);

  beforeAll(() => {
    synth = synthLocus();
    const { stack } = synth;
    ids = {
      bucket: logicalId(stack.data.bucket),
      queue: logicalId(stack.queue.queue),
      dlq: logicalId(stack.queue.deadLetters),
      instance: ref(stack.server.instance.instanceId).slice(1, -1),
    };
  });
  afterAll(() => synth?.dispose());

  return {
    get stack() {
      return current().stack;
    },
    get template() {
      return current().template;
    },
    get assembly() {
      return current().assembly;
    },
    get ids() {
      current();
      return ids as LocusStackIds;
    },
    ref,
    resourceOf: (id) => current().template.toJSON().Resources[id] as { Properties: Record<string, Json> },
  };
};
