import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { BackgroundScheduler } from '../src/infrastructure/queue/background-scheduler';
import { Queue, Worker } from '../src/infrastructure/queue/closable-queues';

/**
 * A queue or worker closed while its Redis client is in the middle of reconnecting (an earlier attempt failed, the
 * server took this one and has not answered): its start-up then fails with the earlier error once the socket has
 * closed, after close() removed the connection's listeners. BullMQ's own Queue and Worker let that error escape as an
 * uncaught exception (Jest fails the test it happens in: `connect ECONNRESET …`); ours keep it handled.
 */
describe('closing a queue or worker while its connection is being made again', () => {
  let server: Server;
  let port: number;
  /** the connections the server holds without answering */
  const held = new Set<Socket>();
  /** how many connections the server resets before holding the next ones */
  let resets = 0;

  beforeAll(async () => {
    // resets a client's first connection (its start-up then holds that error), then takes the next and never answers
    server = createServer((socket) => {
      if (resets > 0) {
        resets -= 1;
        socket.resetAndDestroy();
        return;
      }
      held.add(socket);
      socket.on('close', () => held.delete(socket));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const connection = () => ({ host: '127.0.0.1', port, maxRetriesPerRequest: null });
  /** until the server holds `clients` connections: each client's second attempt is under way */
  const reconnecting = async (clients: number): Promise<void> => {
    for (let i = 0; i < 300 && held.size < clients; i++) await new Promise((r) => setTimeout(r, 10));
    expect(held.size).toBe(clients);
  };
  /** the server lets the connections go; the late start-up failure, if it escapes, does so now */
  const release = async (): Promise<void> => {
    for (const socket of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
  };

  it('a queue', async () => {
    resets = 1;
    const queue = new Queue('close-race', { connection: connection() });
    const errors: unknown[] = [];
    queue.on('error', (error) => errors.push(error));
    await reconnecting(1);
    await queue.close();
    await release();
    expect(held.size).toBe(0);
    expect(errors.length).toBeGreaterThan(0); // the first attempt's reset was reported while the queue was open
  });

  it('a queue whose job scheduler is being registered (as every process does at start)', async () => {
    resets = 1;
    const queue = new Queue('close-race', { connection: connection() });
    queue.on('error', () => undefined);
    const scheduler = new BackgroundScheduler(queue, 'close-race-scheduler', new Logger('test'));
    scheduler.start({ every: 60_000 }, { name: 'tick', opts: {} });
    await reconnecting(1);
    scheduler.stop();
    await queue.close();
    await release(); // BullMQ's scheduler getter let the start-up failure escape as an unhandled rejection here
    expect(held.size).toBe(0);
  });

  it('a worker, on both its connections', async () => {
    resets = 2; // its connection and its blocking connection
    const worker = new Worker('close-race', () => Promise.resolve(), { connection: connection() });
    worker.on('error', () => undefined);
    await reconnecting(2);
    await worker.close(true);
    await release();
    expect(held.size).toBe(0);
  });
});
