import { Page, PageRequest } from '../../common/pagination/page';
import { Delegation } from './domain/delegation';

export interface NewDelegation {
  delegatorId: string;
  delegateId: string;
  from: Date;
  to: Date;
}

/** Delegation windows; writes join the caller's transaction. */
export abstract class DelegationRepository {
  /** Serialises changes to one delegator's windows until the transaction ends. */
  abstract lockDelegator(delegatorId: string): Promise<void>;
  /** The delegator's windows overlapping [from, to) */
  abstract overlapping(delegatorId: string, from: Date, to: Date): Promise<Delegation[]>;
  abstract insert(delegation: NewDelegation): Promise<Delegation>;
  abstract find(id: string): Promise<Delegation | null>;
  abstract delete(id: string): Promise<void>;
  /** The user's windows, given and received (every window with `all`), latest start first. */
  abstract list(scope: { all: true } | { userId: string }, page: PageRequest): Promise<Page<Delegation>>;
}
