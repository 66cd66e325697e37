import { Department } from './domain/department';
import { Team } from './domain/team';

/**
 * The department and team lists, cached for every instance. A read answers the cached list or what `load` gives
 * (and caches it); an invalidation, called after a write commits, makes the next read load again. It never fails a
 * request because the cache is away.
 */
export abstract class ReferenceCache {
  abstract departments(load: () => Promise<Department[]>): Promise<Department[]>;
  abstract teams(load: () => Promise<Team[]>): Promise<Team[]>;
  abstract invalidateDepartments(): Promise<void>;
  abstract invalidateTeams(): Promise<void>;
}
