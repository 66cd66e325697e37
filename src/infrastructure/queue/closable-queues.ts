import { EventEmitter } from 'node:events';
import { BullModule, RegisterQueueOptions } from '@nestjs/bullmq';
import { DynamicModule } from '@nestjs/common';
import { Queue as BullQueue, Worker as BullWorker } from 'bullmq';
import { QueueName } from './queue-names';

const ignore = (): void => undefined;

/**
 * A queue or worker's Redis connections keep a listener for 'error' once closed.
 *
 * BullMQ (5.81) reports a connection's failed start-up by emitting 'error' on it, and its close() removes every
 * listener of that connection. Closed while its client is in the middle of a connect attempt (Redis unreachable, a
 * reconnect under way), the start-up fails a moment later, once the socket has closed, and that 'error' finds no
 * listener: an uncaught exception, so a shutdown while Redis is away could crash the process instead of exiting. The
 * same happens to a queue on a shared connection that is disconnected after the queue closed (JobQueues). The listener
 * is added back as close() ends: the failure comes from a later socket event, never before.
 */
function keepQuietAfterClose(...connections: Array<EventEmitter | undefined>): void {
  for (const connection of connections)
    if (connection && !connection.listeners('error').includes(ignore)) connection.on('error', ignore);
}

/** BullMQ's Queue, closed without leaving its connection's late start-up failure uncaught (see keepQuietAfterClose). */
export class Queue extends BullQueue {
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      keepQuietAfterClose(this.connection);
    }
  }
}

/** BullMQ's Worker, closed without leaving its connections' late start-up failures uncaught (see keepQuietAfterClose). */
export class Worker extends BullWorker {
  override async close(force?: boolean): Promise<void> {
    try {
      await super.close(force);
    } finally {
      keepQuietAfterClose(
        this.connection,
        (this as unknown as { blockingConnection?: EventEmitter }).blockingConnection,
      );
    }
  }
}

/** @nestjs/bullmq's queues (and the workers of `@Processor` consumers) made with the classes above. */
export function registerQueues(...names: QueueName[]): DynamicModule {
  BullModule.queueClass = Queue;
  BullModule.workerClass = Worker;
  return BullModule.registerQueue(...names.map((name): RegisterQueueOptions => ({ name })));
}
