import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A fauxqs (SQS + S3 emulator) running in a child process. */
export interface FauxqsProcess {
  /** `http://127.0.0.1:<port>`: the endpoint override for the SQS and S3 clients. */
  readonly endpoint: string;
  readonly region: string;
  /** The URL of each queue created at start, by name. */
  readonly queueUrls: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface FauxqsOptions {
  readonly queues?: readonly string[];
  readonly buckets?: readonly string[];
  /** How long to wait for the emulator to answer (ms). */
  readonly startTimeoutMs?: number;
}

export const FAUXQS_REGION = 'us-east-1';

/**
 * The child's program: starts fauxqs on a free port, creates the resources, prints one JSON line
 * with the port and queue URLs, and exits when its standard input closes (the parent ended).
 */
const CHILD_SCRIPT = `
import { startFauxqs } from 'fauxqs';
const init = JSON.parse(process.env.FAUXQS_TEST_INIT ?? '{}');
const server = await startFauxqs({ port: 0, logger: false, defaultRegion: '${FAUXQS_REGION}' });
const queueUrls = {};
for (const name of init.queues ?? []) queueUrls[name] = server.createQueue(name).queueUrl;
for (const name of init.buckets ?? []) server.createBucket(name);
process.stdout.write(JSON.stringify({ port: server.port, queueUrls }) + '\\n');
const stop = () => server.stop().finally(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
`;

const readFirstLine = (child: ChildProcess, timeoutMs: number): Promise<string> =>
  new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(new Error(`fauxqs did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited with ${code}: ${stderr}`));
    });
  });

const waitUntilHealthy = async (endpoint: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/health`);
      if (response.ok) return;
      lastError = new Error(`health answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fauxqs at ${endpoint} did not answer within ${timeoutMs} ms`, { cause: lastError });
};

/** Starts fauxqs as a separate process on a free port and waits until it answers. */
export const startFauxqs = async (options: FauxqsOptions = {}): Promise<FauxqsProcess> => {
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      FAUXQS_TEST_INIT: JSON.stringify({ queues: options.queues ?? [], buckets: options.buckets ?? [] }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let started: { port: number; queueUrls: Record<string, string> };
  try {
    started = JSON.parse(await readFirstLine(child, timeoutMs));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const endpoint = `http://127.0.0.1:${started.port}`;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async (): Promise<void> => {
    child.stdin?.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitUntilHealthy(endpoint, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, region: FAUXQS_REGION, queueUrls: started.queueUrls, stop };
};
