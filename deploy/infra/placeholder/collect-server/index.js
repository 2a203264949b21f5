// Stands in for the Locus collect server bundle that was not built (see deploy/README.md).
console.error(
  'The Locus collect server was deployed without its bundle: run npm run build:bundles, then deploy again.',
);
process.exitCode = 1;
