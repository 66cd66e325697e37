import { getMetadataStorage } from 'class-validator';
import { TICKET_QUERY_PARAMETERS } from '../domain/ticket-query';
import { ListTicketsQueryDto } from './ticket.dto';

/** Saved views accept exactly the filters GET /tickets accepts: a filter added to one must reach the other. */
describe('ticket query parameters', () => {
  it('are the same for GET /tickets and for saved views', () => {
    const dtoProperties = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(ListTicketsQueryDto, '', true, false)
        .map((m) => m.propertyName),
    );
    for (const paging of ['page', 'limit', 'cursor', 'view']) dtoProperties.delete(paging);
    expect([...dtoProperties].sort()).toEqual([...TICKET_QUERY_PARAMETERS].sort());
  });
});
