import { createRequire } from 'node:module';
import path from 'node:path';
import type { Clock } from '../ports/clock';
import { LocusError } from '../ports/errors';
import { adapterVariable, PORT_METHODS, type PortName } from '../ports/port-names';
import { TOKENS } from '../ports/tokens';
import { type AdapterEntry, closeAdapter, portToken } from './adapter-entry';
import { isModulePath } from './registry';

/** What a plugin's `createAdapter` is given. */
export interface PluginContext {
  /** The port it serves (`queue`, `batches`, …). */
  readonly port: PortName;
  /** Every merged `LOCUS_*` variable: a plugin reads its own settings here. */
  readonly settings: Readonly<Record<string, string | undefined>>;
  /** `LOCUS_DATA_DIR`, absolute. */
  readonly dataDir: string;
  readonly clock: Clock;
}

/** What a plugin module exports: `createAdapter(context)` returning the port's adapter. */
export type PluginFactory = (context: PluginContext) => object;

const refuse = (port: PortName, choice: string, reason: string, cause?: unknown): LocusError =>
  new LocusError('CONFIGURATION', `${adapterVariable(port)}=${choice}: ${reason}`, { cause });

/** Loads a module by path (from `cwd`) or by package name (resolved from `cwd`, then from Locus). */
const loadModule = (port: PortName, choice: string, cwd: string): unknown => {
  const from = createRequire(path.join(cwd, 'package.json'));
  const target = isModulePath(choice) ? path.resolve(cwd, choice) : choice;
  try {
    return from(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' && (error as Error).message.includes(`'${target}'`))
      throw refuse(port, choice, `no module ${target} can be loaded from ${cwd}`, error);
    throw refuse(port, choice, `the module ${target} failed to load: ${(error as Error).message}`, error);
  }
};

/** The module's factory: its `createAdapter` export (or its default export's). */
const factoryOf = (module: unknown): PluginFactory | undefined => {
  const exports = module as { createAdapter?: unknown; default?: { createAdapter?: unknown } } | undefined;
  const factory = exports?.createAdapter ?? exports?.default?.createAdapter;
  return typeof factory === 'function' ? (factory as PluginFactory) : undefined;
};

/** Checks what the factory made has every method of the port. */
const checked = (port: PortName, choice: string, adapter: unknown): object => {
  if (typeof adapter !== 'object' || adapter === null)
    throw refuse(
      port,
      choice,
      `createAdapter returned ${adapter === null ? 'null' : typeof adapter}, not an adapter`,
    );
  const methods = PORT_METHODS[port] as readonly string[];
  const missing = methods.filter((name) => typeof (adapter as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0)
    throw refuse(
      port,
      choice,
      `the adapter lacks ${missing.join(', ')} (a ${port} adapter has ${methods.join(', ')})`,
    );
  return adapter;
};

/**
 * An adapter from outside the tree: a module (`./adapters/my-queue.js`, relative to the working
 * directory) or a package exporting `createAdapter`. The module is loaded now; the adapter is made
 * when the port is first resolved and checked against the port's methods.
 */
export const pluginAdapter = (port: PortName, choice: string, cwd: string): AdapterEntry => {
  const factory = factoryOf(loadModule(port, choice, cwd));
  if (factory === undefined) throw refuse(port, choice, 'the module exports no createAdapter function');
  return ({ bind }, context) => {
    bind(portToken(port))
      .toDynamicValue(({ get }) => {
        let adapter: unknown;
        try {
          adapter = factory({
            port,
            settings: context.variables,
            dataDir: context.dataDir,
            clock: get(TOKENS.Clock),
          });
        } catch (error) {
          throw refuse(port, choice, `createAdapter failed: ${(error as Error).message}`, error);
        }
        return checked(port, choice, adapter);
      })
      .inSingletonScope()
      .onDeactivation(closeAdapter);
  };
};
