import type { AdapterTable } from './adapter-entry';

/** The families of the registry: one module each (src/composition/<family>-adapters.ts). */
export type FamilyName = 'memory' | 'local' | 'aws' | 'aws-compute';

/** Which family defines each adapter name (a name not listed is a module path or a package). */
export const FAMILY_OF: Readonly<Record<string, FamilyName>> = {
  memory: 'memory',
  signed: 'memory',
  sqlite: 'local',
  folder: 'local',
  duckdb: 'local',
  process: 'local',
  sqs: 'aws',
  s3: 'aws',
  ssm: 'aws',
  spectrum: 'aws-compute',
  ec2: 'aws-compute',
};

/** Merges families: for each port, every named adapter they hold. */
export const mergeTables = (tables: readonly AdapterTable[]): AdapterTable => {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const table of tables) {
    for (const [port, named] of Object.entries(table)) merged[port] = { ...merged[port], ...named };
  }
  return merged as AdapterTable;
};

/** Whether an adapter choice names a module file (`./my-queue.js`, `/opt/adapters/queue.js`). */
export const isModulePath = (choice: string): boolean => /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(choice);
