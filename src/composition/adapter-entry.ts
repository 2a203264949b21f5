import type { ContainerModuleLoadOptions, Newable, ResolutionContext, ServiceIdentifier } from 'inversify';
import { PORTS, type PortName } from '../ports/port-names';

/** What an adapter is made with: its port, the merged `LOCUS_*` variables and the data folder. */
export interface AdapterContext {
  readonly port: PortName;
  readonly variables: Readonly<Record<string, string | undefined>>;
  /** `LOCUS_DATA_DIR`, absolute. */
  readonly dataDir: string;
  /** Where relative module paths start. */
  readonly cwd: string;
  /** The local adapters collect garbage between parts (the `locus` command and server). */
  readonly reclaimMemory?: boolean;
}

/** Binds one port's token to one adapter, and once whatever that adapter needs (a client, its settings). */
export type AdapterEntry = (options: ContainerModuleLoadOptions, context: AdapterContext) => void;

/** Named adapters, by port: a family of the registry, or an entry point's own. */
export type AdapterTable = { readonly [P in PortName]?: Readonly<Record<string, AdapterEntry>> };

/** Closes an adapter that holds a handle (called when its container unbinds it). */
export const closeAdapter = async (adapter: object): Promise<void> => {
  const close = (adapter as { close?: unknown }).close;
  if (typeof close === 'function') await close.call(adapter);
};

/** The token a port's adapter is bound to. */
export const portToken = (port: PortName): ServiceIdentifier<object> =>
  PORTS[port] as ServiceIdentifier<object>;

/** Each module load's adapter classes, by the first port bound to them (`isBound` holds for any class under autobind). */
const boundTypes = new WeakMap<object, Map<Newable<object>, PortName>>();

/**
 * An adapter class inversify builds, one per container (one instance for every port it serves,
 * e.g. a database holding tokens and keys), closed when unbound; `needs` bind what it injects.
 */
export const singleton =
  (type: Newable<object>, ...needs: AdapterEntry[]): AdapterEntry =>
  (options, context) => {
    for (const need of needs) need(options, context);
    const bound = boundTypes.get(options) ?? new Map<Newable<object>, PortName>();
    boundTypes.set(options, bound);
    const first = bound.get(type);
    if (first !== undefined) options.bind(portToken(context.port)).toService(portToken(first));
    else options.bind(portToken(context.port)).to(type).inSingletonScope().onDeactivation(closeAdapter);
    bound.set(type, first ?? context.port);
  };

/**
 * Binds a value once per container, whichever adapters need it, made when first resolved (a
 * setting read then, an SDK client made then); `dispose` lets go of it when the container is unbound.
 */
export const once =
  <T>(
    token: ServiceIdentifier<T>,
    make: (context: AdapterContext, resolution: ResolutionContext) => T,
    dispose?: (value: T) => void,
  ): AdapterEntry =>
  ({ bind, isBound }, context) => {
    if (isBound(token)) return;
    const binding = bind(token)
      .toDynamicValue((resolution) => make(context, resolution))
      .inSingletonScope();
    if (dispose !== undefined) binding.onDeactivation(dispose);
  };
