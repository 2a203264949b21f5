import type { Container } from 'inversify';
import type { CoreSettings } from '../../src/application/settings';
import type { AdapterContext, AdapterTable } from '../../src/composition/adapter-entry';
import { createRoot } from '../../src/composition/root';
import { PRESETS, type ProfileName } from '../../src/config/presets';
import type { Clock, IdSource } from '../../src/ports';
import { PORT_NAMES, type PortName } from '../../src/ports/port-names';

/** The settings, clock and ids of a container built without reading a configuration. */
export interface TestPlan {
  readonly settings: CoreSettings;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/**
 * The application services over a profile's adapters from the given families, without reading a
 * configuration (tests and benchmarks): every port the families hold a pick for, or those named.
 */
export const presetContainer = (
  profile: ProfileName,
  adapters: AdapterTable,
  plan: TestPlan & Partial<Omit<AdapterContext, 'port'>> & { readonly ports?: readonly PortName[] },
): Container =>
  createRoot(
    {
      profile,
      adapters: {},
      variables: plan.variables ?? {},
      dataDir: plan.dataDir ?? '',
      cwd: plan.cwd ?? process.cwd(),
      core: plan.settings,
    },
    {
      name: profile,
      ports:
        plan.ports ?? PORT_NAMES.filter((port) => adapters[port]?.[PRESETS[profile][port]] !== undefined),
      adapters,
      reclaimMemory: plan.reclaimMemory,
    },
    plan,
  ).container;
