import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** How far the hashing threads are niced (Linux: 0 normal … 19 lowest): they take the CPU the request path leaves. */
export const HASHING_NICENESS = 10;

/**
 * A hashing thread: lowers its own CPU priority (on Linux `setpriority` with a thread id acts on that thread alone;
 * elsewhere it stays as it is), then answers one message at a time with @node-rs/bcrypt's synchronous calls, so the
 * CPU time is spent on this thread and at its priority. Plain JavaScript, so it runs from the build and under ts-jest.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid)) require('node:os').setPriority(tid, workerData.niceness);
} catch {}
const bcrypt = require(workerData.bcrypt);
parentPort.on('message', (m) => {
  try {
    const result = m.op === 'hash' ? bcrypt.hashSync(m.plain, m.cost) : bcrypt.verifySync(m.plain, m.hashed);
    parentPort.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

type Job = { op: 'hash'; plain: string; cost: number } | { op: 'verify'; plain: string; hashed: string };

interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy?: { id: number; pending: Pending };
}

/**
 * bcrypt on a few niced threads of its own instead of libuv's pool: a login's hash (about 230 ms of CPU at cost 12)
 * never runs on the event loop, and when the machine is busy the request path and PostgreSQL get the CPU first. Jobs
 * queue for a free thread; threads start on first use and do not keep the process alive.
 */
export class BcryptWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    // one thread per core: hashing may use every core the request path leaves idle
    private readonly size = availableParallelism(),
    private readonly niceness = HASHING_NICENESS,
  ) {}

  hash(plain: string, cost: number): Promise<string> {
    return this.run({ op: 'hash', plain, cost }) as Promise<string>;
  }

  verify(plain: string, hashed: string): Promise<boolean> {
    return this.run({ op: 'verify', plain, hashed }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const pending of this.queue.splice(0)) pending.reject(new Error('password hashing stopped'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private run(job: Job): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('password hashing stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.start() : null);
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = { id, pending };
      slot.worker.ref(); // while it works, the process waits for the answer
      slot.worker.postMessage({ id, ...pending.job });
    }
  }

  private start(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcrypt: require.resolve('@node-rs/bcrypt'), niceness: this.niceness },
    });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const busy = slot.busy;
      if (!busy || busy.id !== m.id) return;
      slot.busy = undefined;
      worker.unref();
      if (m.error !== undefined) busy.pending.reject(new Error(m.error));
      else busy.pending.resolve(m.result);
      this.dispatch();
    });
    // a thread that dies fails its job and is replaced by the next dispatch
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.busy?.pending.reject(error);
      slot.busy = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`password hashing thread exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
