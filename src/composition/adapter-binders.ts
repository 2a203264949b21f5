import type { ContainerModuleLoadOptions } from 'inversify';

/** The ports whose adapter is chosen by configuration, one by one. */
export const PORT_NAMES = [
  'queue',
  'batches',
  'partitions',
  'reportQuery',
  'reports',
  'journal',
  'lock',
  'scratch',
  'lifecycle',
  'rejected',
] as const;

export type PortName = (typeof PORT_NAMES)[number];

export const PROFILE_NAMES = ['memory', 'local', 'aws'] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Binds one port's token to one adapter. */
export type PortBinder = (options: ContainerModuleLoadOptions) => void;

/**
 * A profile: for every port, how to bind its adapter. A container takes each port from the
 * profile configured for it (the chosen profile by default), so one piece can move at a time.
 */
export type AdapterBinders = Readonly<Record<PortName, PortBinder>>;
