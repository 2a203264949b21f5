import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { BundleSource, findDeployRoot } from '../../infra/bundles';

describe('BundleSource', () => {
  let dir: string;
  let stack: Stack;
  const deployRoot = findDeployRoot(__dirname);
  const placeholder = (name: string) => path.join(deployRoot, 'infra', 'placeholder', name);
  const warnings = () =>
    stack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-bundles-'));
    fs.mkdirSync(path.join(dir, 'lambda', 'parse_request'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'lambda', 'parse_request', 'index.js'),
      'exports.handler = async () => 1;\n',
    );
    stack = new Stack(new App(), 'Test');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('finds deploy/ by its cdk.json', () => {
    expect(fs.existsSync(path.join(deployRoot, 'cdk.json'))).toBe(true);
    expect(path.basename(deployRoot)).toBe('deploy');
  });

  test('uses a built bundle when it exists', () => {
    const source = new BundleSource({ mode: 'auto', bundleDir: dir, strict: true });
    expect(source.lambdaDir(stack, 'parse_request')).toBe(path.join(dir, 'lambda', 'parse_request'));
    expect(warnings()).toEqual([]);
  });

  test('falls back to the placeholder with a warning when a bundle is missing', () => {
    const source = new BundleSource({ mode: 'auto', bundleDir: dir, strict: false });
    expect(source.lambdaDir(stack, 'store_request')).toBe(placeholder('lambda'));
    expect(source.collectServerDir(stack)).toBe(placeholder('collect-server'));
    expect(warnings()).toHaveLength(2);
    expect(warnings()[0]).toContain('npm run build:bundles');
    for (const name of ['lambda', 'collect-server']) {
      expect(fs.existsSync(path.join(placeholder(name), 'index.js'))).toBe(true);
    }
  });

  test('strict refuses to fall back', () => {
    const source = new BundleSource({ mode: 'auto', bundleDir: dir, strict: true });
    expect(() => source.lambdaDir(stack, 'store_request')).toThrow(/store_request\/index\.js is missing/);
  });

  test('placeholder mode ignores built bundles and does not warn', () => {
    const source = new BundleSource({ mode: 'placeholder', bundleDir: dir, strict: false });
    expect(source.lambdaDir(stack, 'parse_request')).toBe(placeholder('lambda'));
    expect(warnings()).toEqual([]);
  });

  test('the placeholder handler fails and says how to fix it', async () => {
    const handler = (
      require(path.join(placeholder('lambda'), 'index.js')) as { handler: () => Promise<unknown> }
    ).handler;
    await expect(handler()).rejects.toThrow(/npm run build:bundles/);
  });
});
