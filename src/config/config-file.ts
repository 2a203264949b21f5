import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LocusError } from '../ports/errors';
import { FILE_KEY_VARIABLES } from './setting-catalog';

/** A variable name written as such in a config file (`LOCUS_TIMEZONE`, `PORT`, `LOCUS_AWS_REGION`, …). */
const VARIABLE_NAME = /^(LOCUS_[A-Z0-9_]+|PORT|AWS_REGION)$/;

/** Settings read from a config file, by variable name. */
export interface ConfigFileValues {
  readonly file: string;
  readonly variables: ReadonlyMap<string, { readonly value: string; readonly key: string }>;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a JSON config file. Keys are the settings' names (`timezone`, `port`, `adapters: { queue }`,
 * …) or their variables (`LOCUS_TIMEZONE`, `LOCUS_AWS_REGION`, …); values are strings, numbers or
 * booleans. Throws `LocusError('CONFIGURATION')` naming the file and every key it cannot use.
 */
export const readConfigFile = (file: string, cwd: string): ConfigFileValues => {
  const absolute = path.resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw new LocusError('CONFIGURATION', `the config file ${absolute} cannot be read: ${reason}`, {
      cause: error,
    });
  }
  if (!isObject(parsed)) {
    throw new LocusError('CONFIGURATION', `the config file ${absolute} must hold a JSON object of settings`);
  }
  const variables = new Map<string, { value: string; key: string }>();
  const problems: string[] = [];
  const take = (key: string, variable: string, raw: unknown): void => {
    const value = scalar(raw);
    if (value === undefined) problems.push(`"${key}" must be a string, a number or a boolean`);
    else variables.set(variable, { value, key });
  };
  for (const [key, raw] of Object.entries(parsed)) {
    if (key === 'adapters') {
      if (!isObject(raw)) {
        problems.push('"adapters" must be an object such as { "queue": "aws" }');
        continue;
      }
      for (const [port, profile] of Object.entries(raw)) {
        const variable = FILE_KEY_VARIABLES.get(`adapters.${port}`);
        if (variable === undefined) problems.push(`"adapters.${port}" is not a port`);
        else take(`adapters.${port}`, variable, profile);
      }
      continue;
    }
    const variable = FILE_KEY_VARIABLES.get(key) ?? (VARIABLE_NAME.test(key) ? key : undefined);
    if (variable === undefined || variable === 'LOCUS_CONFIG') problems.push(`"${key}" is not a setting`);
    else take(key, variable, raw);
  }
  if (problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the config file ${absolute} has settings Locus cannot use:${problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  return { file: absolute, variables };
};
