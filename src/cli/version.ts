import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's version, read from its package.json (two folders above `src/cli` and `dist/cli`). */
export const locusVersion = (): string => {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
};
