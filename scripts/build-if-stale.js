#!/usr/bin/env node
// `npm run prepare`: builds dist/ from src/ unless dist/ is newer than every source. npm runs it
// after `npm install`, and again when `npx locus` links this package into its cache: that second
// run must not rebuild an up-to-date dist/, so that the first `npx locus` starts at once.

const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');

const newest = (entry) => {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(path.join(entry, name))), 0);
};

const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) =>
  path.join(root, name),
);
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
