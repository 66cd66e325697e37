import { PruneCounts, RetentionPolicy } from './domain/retention';

/** Deletes operational records past their retention; each kind in batches, so no run holds long locks. */
export abstract class RetentionRepository {
  abstract prune(policy: RetentionPolicy): Promise<PruneCounts>;
}
