import { registerQueues } from '../queue/closable-queues';
import { Module } from '@nestjs/common';
import { EVENTS_QUEUE } from './outbox-queue';
import { OutboxRelay } from './outbox-relay';

/** The relay from the outbox table to BullMQ; runs in the worker (and in the api with WORKER_IN_PROCESS=true). */
@Module({
  imports: [registerQueues(EVENTS_QUEUE)],
  providers: [OutboxRelay],
})
export class OutboxRelayModule {}
