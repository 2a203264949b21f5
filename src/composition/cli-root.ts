import type { LocusConfig } from '../config/locus-config';
import { adaptersOf } from '../config/locus-config';
import { readSecuritySettings, type SecuritySettings, serverExposure } from '../config/security-settings';
import { PORT_NAMES, type PortName } from '../ports/port-names';
import { loadFamilies } from './load-families';
import { createRoot, type Root } from './root';

/** The `locus` command's composition root. */
export type CliRoot = Root;

/** The security settings of the `locus` server and commands (exposure from LOCUS_HOST and PORT). */
export const cliSecuritySettings = (config: Pick<LocusConfig, 'variables' | 'http'>): SecuritySettings =>
  readSecuritySettings(config.variables, serverExposure(config.http.host, config.http.port));

/**
 * The root of the `locus` command and server: every port (or those named), loading only the
 * registry families its adapters are in.
 */
export const createCliRoot = async (
  config: LocusConfig,
  options: Parameters<typeof createRoot>[2] & { readonly ports?: readonly PortName[] } = {},
): Promise<CliRoot> => {
  const ports = options.ports ?? PORT_NAMES;
  const choices = adaptersOf(config);
  const adapters = await loadFamilies(ports.map((port) => choices[port]));
  return createRoot(
    config,
    { name: 'locus', ports, adapters, security: cliSecuritySettings, reclaimMemory: true },
    options,
  );
};
