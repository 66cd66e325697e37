import { Global, Module } from '@nestjs/common';
import { EventPublisher, EventReactions } from '../../common/events/event-publisher';
import { InProcessEventReactions, OutboxEventPublisher } from './outbox-event-publisher';

@Global()
@Module({
  providers: [
    InProcessEventReactions,
    { provide: EventReactions, useExisting: InProcessEventReactions },
    { provide: EventPublisher, useClass: OutboxEventPublisher },
  ],
  exports: [EventPublisher, EventReactions],
})
export class OutboxModule {}
