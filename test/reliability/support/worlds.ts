import { LocalWorld } from '../../support/local-world';
import { MemoryPipelineWorld, type PipelineWorld, type WorldOptions } from './pipeline-world';
import { scenarioSettings } from './property-run';

/** 2026-11-29T00:10Z: 09:10 in Tokyo. */
export const START = Date.UTC(2026, 10, 29, 0, 10);

export type WorldFactory = (options?: Partial<WorldOptions>) => Promise<PipelineWorld>;

const defaults = (options: Partial<WorldOptions>): WorldOptions => ({
  settings: scenarioSettings('Asia/Tokyo'),
  start: START,
  ...options,
});

/** The profiles the reliability tests run on, each as a factory of fresh worlds. */
export const WORLDS: readonly (readonly [string, WorldFactory])[] = [
  ['memory', async (options = {}) => new MemoryPipelineWorld(defaults(options))],
  ['local', (options = {}) => LocalWorld.open(defaults(options))],
];
