import type { AdapterTable } from './adapter-entry';
import { FAMILY_OF, type FamilyName, isModulePath, mergeTables } from './registry';

/** The families of the registry: one module each, loaded only when a port picks one of its adapters. */
export const FAMILIES = {
  memory: async () => (await import('./memory-adapters')).MEMORY_ADAPTERS,
  local: async () => (await import('./local-adapters')).LOCAL_ADAPTERS,
  aws: async () => (await import('./aws-adapters')).AWS_ADAPTERS,
  'aws-compute': async () => (await import('./aws-compute-adapters')).AWS_COMPUTE_ADAPTERS,
} as const satisfies Readonly<Record<FamilyName, () => Promise<AdapterTable>>>;

/**
 * The families that define the given names; every family when a name is neither registered nor a
 * module path (a package, or a misspelt name whose error then lists every choice).
 */
export const loadFamilies = async (names: Iterable<string>): Promise<AdapterTable> => {
  const wanted = new Set<FamilyName>();
  for (const name of names) {
    const family = FAMILY_OF[name];
    if (family !== undefined) wanted.add(family);
    else if (!isModulePath(name)) for (const any of Object.keys(FAMILIES)) wanted.add(any as FamilyName);
  }
  return mergeTables(await Promise.all([...wanted].map((family) => FAMILIES[family]())));
};
