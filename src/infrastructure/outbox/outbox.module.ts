import { Global, Module } from '@nestjs/common';
import { EventPublisher, EventReactions } from '../../common/events/event-publisher';
import { InProcessEventReactions, OutboxEventPublisher } from './outbox-event-publisher';
import { adapters } from '../../common/di/implements';

@Global()
@Module({
  providers: [
    InProcessEventReactions,
    { provide: EventReactions, useExisting: InProcessEventReactions },
    ...adapters(OutboxEventPublisher),
  ],
  exports: [EventPublisher, EventReactions],
})
export class OutboxModule {}
