import type { CoreSettings } from '../../../src/application/settings';
import { createRoot, type Root, type RootSpec } from '../../../src/composition/root';
import { readLocusConfig } from '../../../src/config/locus-config';

export type EntryRoot = Root;

export interface EntryRootOptions extends NonNullable<Parameters<typeof createRoot>[2]> {
  /** Where relative paths start (`LOCUS_DATA_DIR`, a config file); the working directory by default. */
  readonly cwd?: string;
  /** Adjusts the settings read from the environment (tests shorten leases). */
  readonly settings?: (core: CoreSettings) => CoreSettings;
}

/** An entry point's root builder: its configuration from environment variables, then `createRoot`. */
export const entryRoot =
  (spec: RootSpec) =>
  (env: Readonly<Record<string, string | undefined>>, options: EntryRootOptions = {}): EntryRoot => {
    const config = readLocusConfig({ env, cwd: options.cwd ?? process.cwd() });
    const core = options.settings?.(config.core) ?? config.core;
    return createRoot({ ...config, core }, spec, options);
  };
