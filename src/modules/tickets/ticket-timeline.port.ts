import { AccessScope } from '../../common/auth/scope-policy';
import { Page, PageRequest } from '../../common/pagination/page';

/** A ticket's append-only timeline (its messages, its history), read a page at a time, oldest first. */
export abstract class TicketTimeline<T> {
  /** oldest first; without `includeInternal`, what is internal (hidden from END_USERs) is left out */
  abstract list(
    scope: AccessScope,
    ticketId: string,
    includeInternal: boolean,
    page: PageRequest,
  ): Promise<Page<T>>;
}
