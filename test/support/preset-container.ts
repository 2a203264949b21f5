import type { Container } from 'inversify';
import type { AdapterContext, AdapterTable } from '../../src/composition/adapter-entry';
import { buildContainer, type ContainerPlan } from '../../src/composition/build-container';
import { PRESETS, type ProfileName } from '../../src/config/presets';
import { PORT_NAMES, type PortName } from '../../src/ports/port-names';

/**
 * The application services over a profile's adapters from the given families, without reading a
 * configuration (tests and benchmarks): every port the families hold a pick for, or those named.
 */
export const presetContainer = (
  profile: ProfileName,
  adapters: AdapterTable,
  plan: Pick<ContainerPlan, 'settings' | 'clock' | 'ids'> &
    Partial<Omit<AdapterContext, 'port'>> & { readonly ports?: readonly PortName[] },
): Container =>
  buildContainer({
    entry: profile,
    ports: plan.ports ?? PORT_NAMES.filter((port) => adapters[port]?.[PRESETS[profile][port]] !== undefined),
    choices: PRESETS[profile],
    adapters,
    context: {
      variables: plan.variables ?? {},
      dataDir: plan.dataDir ?? '',
      cwd: plan.cwd ?? process.cwd(),
      reclaimMemory: plan.reclaimMemory,
    },
    settings: plan.settings,
    clock: plan.clock,
    ids: plan.ids,
  });
