#!/usr/bin/env node

require('reflect-metadata');
require('../dist/cli/main.js')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`${error?.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
