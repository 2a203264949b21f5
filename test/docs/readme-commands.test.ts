import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locusEnv, requireBuild, ServerProcess } from '../support/server-process';
import { commandBlocks, outputPattern } from './readme-blocks';

const ROOT = path.resolve(__dirname, '../..');
const BLOCKS = commandBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

/** Runs a block with `sh -e` in `cwd`; its exit code and output. */
const runBlock = (code: string, cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      '/bin/sh',
      ['-e', '-c', code],
      { cwd, env, timeout: 180_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });

/**
 * Every `sh` block of the README, run as written, one after the other, in a fresh folder: `npx
 * locus` is this checkout's `bin/locus.js`, the server the blocks talk to is a `locus serve` on
 * that folder's `./data` (the one `npm start` would run; its port replaces 3000). A block the test
 * cannot run carries `<!-- readme-test: skip: why -->`, and is listed by the last test.
 */
describe('the README command blocks', () => {
  let dir: string;
  let server: ServerProcess;
  let env: NodeJS.ProcessEnv;
  let port: string;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(path.join(os.tmpdir(), 'locus-readme-'));
    const bin = path.join(dir, '.bin');
    await mkdir(bin);
    const npx = path.join(bin, 'npx');
    await writeFile(
      npx,
      `#!/bin/sh\nif [ "$1" = locus ]; then shift; exec '${process.execPath}' '${path.join(ROOT, 'bin', 'locus.js')}' "$@"; fi\n` +
        'echo "npx $1: only locus is here" >&2; exit 127\n',
    );
    await chmod(npx, 0o755);
    server = await ServerProcess.start({ LOCUS_DATA_DIR: path.join(dir, 'data') }, { timeoutMs: 30_000 });
    port = new URL(server.url).port;
    env = locusEnv({ PATH: `${bin}:${process.env.PATH}`, PORT: port });
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const runnable = BLOCKS.filter((block) => block.skip === undefined);

  it('has blocks to run', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(4);
  });

  it.each(runnable.map((block) => [block.line, block]))('runs the block at line %i', async (_line, block) => {
    const code = block.code.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`);
    const run = await runBlock(code, dir, env);
    if (run.code !== 0)
      throw new Error(`exit ${run.code}\n${code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
    for (const line of (block.output ?? '').split('\n').filter((l) => l.trim() !== ''))
      expect(run.stdout).toMatch(outputPattern(line));
  });

  it('says why it does not run the others', () => {
    const skipped = BLOCKS.filter((block) => block.skip !== undefined);
    expect(skipped.map((block) => block.code.split('\n')[0])).toEqual([
      'npm install && npm start',
      'LOCUS_HOST=0.0.0.0 npm start                      # refuses to start while no token exists',
      'npm test',
    ]);
    for (const block of skipped) expect(block.skip?.length).toBeGreaterThan(20);
  });
});
