import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/domain-errors';
import { isPid, isUuid } from '../ids';

/**
 * The one pipe for every `:id`-like path parameter. An id that is not a UUID names nothing: 404 NOT_FOUND as a
 * missing resource, before any service or query runs (never a 500 from PostgreSQL). With `orPid`, a ticket's PID
 * (`TKT-202611-000042`) is an id too, where the contract lets a route name the ticket either way.
 * A UUID comes back lower-cased, a PID as given; services take the value as it is and never check its format.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly resource = 'Resource',
    private readonly options: { orPid?: boolean } = {},
  ) {}

  transform(value: string): string {
    if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
    if (this.options.orPid && typeof value === 'string' && isPid(value)) return value;
    throw new NotFoundError(this.resource);
  }
}

/** `@IdParam('Webhook')`: the `id` path parameter (or `name`), a UUID, else 404 `<resource> not found`. */
export const IdParam = (resource: string, name = 'id'): ParameterDecorator =>
  Param(name, new IdParamPipe(resource));

/** `@TicketRefParam()`: a ticket's `id` path parameter, its UUID or its PID, else 404 `Ticket not found`. */
export const TicketRefParam = (name = 'id'): ParameterDecorator =>
  Param(name, new IdParamPipe('Ticket', { orPid: true }));
