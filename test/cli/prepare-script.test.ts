import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/build-if-stale.js');

const run = (file: string) =>
  new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(process.execPath, [file], { timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? -1), stderr }),
    ),
  );

/** `npm run prepare`, which `npx locus` also runs when it links this package: no rebuild of a fresh dist/. */
describe('the prepare script', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'locus-prepare-'));
    await mkdir(path.join(root, 'scripts'));
    await mkdir(path.join(root, 'src', 'cli'), { recursive: true });
    await mkdir(path.join(root, 'dist', 'cli'), { recursive: true });
    await copyFile(SCRIPT, path.join(root, 'scripts', 'build-if-stale.js'));
    const old = new Date(Date.now() - 3_600_000);
    for (const file of ['src/cli/main.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) {
      await writeFile(path.join(root, file), '{}');
      await utimes(path.join(root, file), old, old);
    }
    await writeFile(path.join(root, 'dist', 'cli', 'main.js'), '');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('leaves a dist/ newer than every source alone, and builds once a source is newer', async () => {
    const built = path.join(root, 'dist', 'cli', 'main.js');
    const before = (await stat(built)).mtimeMs;
    expect(await run(path.join(root, 'scripts', 'build-if-stale.js'))).toEqual({ code: 0, stderr: '' });
    expect((await stat(built)).mtimeMs).toBe(before);

    // A newer source: the script builds, which here (no TypeScript in the folder) fails loudly.
    const future = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'src', 'cli', 'main.ts'), future, future);
    const stale = await run(path.join(root, 'scripts', 'build-if-stale.js'));
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain('typescript/bin/tsc');
  });
});
