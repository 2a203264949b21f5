import { BUNDLES, COLLECT_SERVER_TARGET, LAMBDA_TARGET } from '../../build/bundle';
import { COLLECT_SERVER_NODE_MAJOR } from '../../infra/constructs/collect-server';
import { LOCUS_RUNTIME } from '../../infra/constructs/locus-function';

/** esbuild lowers syntax for the Node.js a bundle names: it must be the one the bundle runs on in AWS. */
describe('bundle targets', () => {
  it('the Lambda bundles target the Lambda runtime of the functions', () => {
    expect(LOCUS_RUNTIME.name).toMatch(/^nodejs\d+\.x$/);
    expect(LAMBDA_TARGET).toBe(LOCUS_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'));
  });

  it('the collect server bundle targets the Node.js its instance installs', () => {
    expect(COLLECT_SERVER_TARGET).toBe(`node${COLLECT_SERVER_NODE_MAJOR}`);
  });

  it('each bundle takes the target of where it runs', () => {
    expect(Object.fromEntries(BUNDLES.map((spec) => [spec.name, spec.target]))).toEqual({
      parse_request: LAMBDA_TARGET,
      store_request: LAMBDA_TARGET,
      start_collect_server: LAMBDA_TARGET,
      stop_collect_server: LAMBDA_TARGET,
      'collect-server': COLLECT_SERVER_TARGET,
    });
  });
});
