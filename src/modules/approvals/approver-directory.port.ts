import { ResolutionFacts } from './domain/approval';

/** Who may approve: what resolving a step needs, and who stands in for whom. */
export abstract class ApproverDirectory {
  abstract resolutionFacts(
    requesterId: string,
    itemDepartmentId: string | null,
    namedUserIds: readonly string[],
  ): Promise<ResolutionFacts>;
  abstract isActiveUser(userId: string): Promise<boolean>;
  /** Users who delegated to `delegateId` for this moment and are active. */
  abstract activeDelegatorsOf(delegateId: string): Promise<Set<string>>;
  /** The delegates standing in now for any of `userIds` (active delegators and delegates). */
  abstract activeDelegatesOf(userIds: readonly string[]): Promise<string[]>;
}
