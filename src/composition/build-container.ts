import { Container, ContainerModule } from 'inversify';
import type { CoreSettings } from '../application/settings';
import type { Clock, IdSource } from '../ports';
import { type AdapterBinders, PORT_NAMES, type PortName, type ProfileName } from './adapter-binders';
import { applicationModule } from './application-module';

export interface ContainerPlan {
  /** The profile every port comes from unless `adapters` says otherwise. */
  readonly profile: ProfileName;
  /** Ports taken from another profile than `profile` (e.g. `{ queue: 'aws' }`). */
  readonly adapters?: Partial<Record<PortName, ProfileName>>;
  readonly settings: CoreSettings;
  readonly clock: Clock;
  readonly ids: IdSource;
  /**
   * The profiles this entry point can build, each made only when a port needs it: an entry point
   * lists just the profiles it ships (a Lambda bundle carries no SQLite).
   */
  readonly profiles: Partial<Record<ProfileName, () => AdapterBinders>>;
}

/** Which profile each port's adapter comes from. */
export const resolvePlan = (
  plan: Pick<ContainerPlan, 'profile' | 'adapters'>,
): Record<PortName, ProfileName> =>
  Object.fromEntries(PORT_NAMES.map((port) => [port, plan.adapters?.[port] ?? plan.profile])) as Record<
    PortName,
    ProfileName
  >;

/** Builds the container of one entry point: application services plus each port's adapter. */
export const buildContainer = (plan: ContainerPlan): Container => {
  const chosen = resolvePlan(plan);
  const made = new Map<ProfileName, AdapterBinders>();
  const bindersOf = (profile: ProfileName): AdapterBinders => {
    let binders = made.get(profile);
    if (binders === undefined) {
      const make = plan.profiles[profile];
      if (make === undefined) throw new Error(`the "${profile}" profile is not available in this build`);
      binders = make();
      made.set(profile, binders);
    }
    return binders;
  };
  const adapters = new ContainerModule((options) => {
    for (const port of PORT_NAMES) bindersOf(chosen[port])[port](options);
  });
  const container = new Container();
  container.loadSync(applicationModule(plan.settings, plan.clock, plan.ids), adapters);
  return container;
};
