/** A delegator's approvals may be decided by the delegate, in the delegator's name, from `from` until `to`. */
export interface Delegation {
  id: string;
  delegatorId: string;
  delegateId: string;
  from: Date;
  to: Date;
  createdAt: Date;
}

export const isActiveAt = (d: Pick<Delegation, 'from' | 'to'>, now: Date): boolean =>
  d.from.getTime() <= now.getTime() && now.getTime() < d.to.getTime();

/** Windows are half-open [from, to): one ending when the next begins does not overlap it. */
export const overlaps = (a: Pick<Delegation, 'from' | 'to'>, b: Pick<Delegation, 'from' | 'to'>): boolean =>
  a.from.getTime() < b.to.getTime() && b.from.getTime() < a.to.getTime();
