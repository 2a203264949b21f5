#!/usr/bin/env node

// Runs the built command line. It never builds: `npm install` (its `prepare` script) or
// `npm run build` makes dist/.
const { existsSync } = require('node:fs');
const path = require('node:path');

if (!existsSync(path.join(__dirname, '..', 'dist', 'cli', 'main.js'))) {
  process.stderr.write(
    'locus: dist/ is missing: run `npm install` (or `npm run build`) in the Locus folder first\n',
  );
  process.exitCode = 1;
} else {
  require('reflect-metadata');
  require('../dist/cli/main.js')
    .main(process.argv)
    .catch((error) => {
      process.stderr.write(`${error?.message ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
