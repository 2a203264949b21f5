import { Worker } from 'node:worker_threads';

/**
 * The writer thread's program (plain JavaScript, so that it runs from sources and builds alike):
 * one connection to the queue file, one transaction per group of message bodies.
 */
const WRITER_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
let commit;
const open = () => {
  db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare('INSERT INTO messages (body, visible_at) VALUES (?, ?)');
    commit = db.transaction((bodies, visibleAt) => {
      for (const body of bodies) insert.run(body, visibleAt);
    });
  } catch (error) {
    db.close();
    db = undefined;
    throw error;
  }
};
parentPort.on('message', (message) => {
  if (message.close) {
    if (db !== undefined) db.close();
    parentPort.close();
    return;
  }
  try {
    if (db === undefined) open();
    commit.immediate(message.bodies, message.visibleAt);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    const reason = { message: String(error && error.message), code: error && error.code };
    parentPort.postMessage({ id: message.id, error: reason });
  }
});
`;

interface Reply {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

/** The error of a commit that failed in the writer thread. */
export class QueueWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'QueueWriteError';
  }
}

interface Thread {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
}

/**
 * Commits groups of message bodies on a thread of its own (with its own connection, opened again
 * after a failure to open), so that the event loop keeps taking requests while a transaction waits
 * for its fsync. The thread starts on the first commit and keeps the process alive only while a
 * commit is under way.
 */
export class SqliteQueueWriter {
  private thread: Thread | undefined;
  private nextId = 0;

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Inserts the bodies in one transaction; resolves once it has committed. */
  commit(bodies: readonly string[], visibleAt: number): Promise<void> {
    const { worker, waiting } = this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, bodies, visibleAt });
    });
  }

  /** Stops the thread once the commits already sent are done. */
  async close(): Promise<void> {
    const thread = this.thread;
    if (thread === undefined) return;
    this.thread = undefined;
    const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
    thread.worker.ref();
    thread.worker.postMessage({ close: true });
    await exited;
  }

  private start(): Thread {
    if (this.thread !== undefined) return this.thread;
    const worker = new Worker(WRITER_PROGRAM, {
      eval: true,
      workerData: {
        file: this.file,
        busyTimeoutMs: this.busyTimeoutMs,
        driver: require.resolve('better-sqlite3'),
      },
    });
    const thread: Thread = { worker, waiting: new Map() };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = thread.waiting.get(reply.id);
      thread.waiting.delete(reply.id);
      if (thread.waiting.size === 0) worker.unref();
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(new QueueWriteError(reply.error.message, reply.error.code));
    });
    const failAll = (error: Error): void => {
      if (this.thread === thread) this.thread = undefined;
      for (const waiting of thread.waiting.values()) waiting.reject(error);
      thread.waiting.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) =>
      failAll(new QueueWriteError(`the queue writer thread ended (exit code ${code})`, undefined)),
    );
    this.thread = thread;
    return thread;
  }
}
