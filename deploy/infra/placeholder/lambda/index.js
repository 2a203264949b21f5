// Stands in for a Locus Lambda bundle that was not built (see deploy/README.md).
exports.handler = async () => {
  throw new Error(
    'This Locus function was deployed without its bundle: run npm run build:bundles, then deploy again.',
  );
};
