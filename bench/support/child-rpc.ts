import { type ChildProcess, fork } from 'node:child_process';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly arg: unknown;
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/**
 * A benchmark's work run in a child process (so that its peak memory is its own), called from
 * the parent one request at a time over the IPC channel.
 */
export class ChildRpc {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(reply.error));
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        for (const waiting of this.waiting.values()) waiting.reject(new Error(`the child exited (${code})`));
        this.waiting.clear();
        resolve(code);
      }),
    );
  }

  /** Forks `script` with `args` (node options in `execArgv`). */
  static start(
    script: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    execArgv: string[] = [],
  ): ChildRpc {
    return new ChildRpc(fork(script, [...args], { env, execArgv, stdio: 'inherit' }));
  }

  call<T>(method: string, arg?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, method, arg } satisfies Request);
    });
  }

  /** Ends the child at once (after a failure), unless it has ended already. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  /** Closes the channel and waits for the child to end. */
  async end(): Promise<number | null> {
    if (this.child.connected) this.child.disconnect();
    return this.exited;
  }
}

/** In the child: answers the parent's calls with `handlers`; the process ends when the parent lets go. */
export const serveRpc = (handlers: Record<string, (arg: unknown) => Promise<unknown>>): void => {
  process.on('message', (request: Request) => {
    const handler = handlers[request.method];
    const reply = (message: Reply) => process.send?.(message);
    if (handler === undefined) {
      reply({ id: request.id, error: `no method ${request.method}` });
      return;
    }
    handler(request.arg).then(
      (result) => reply({ id: request.id, result }),
      (error: unknown) => reply({ id: request.id, error: (error as Error)?.stack ?? String(error) }),
    );
  });
};
