import { Role } from '../../../common/auth/role';
import { canRead, scopeOf, ScopedFacts } from '../../../common/auth/scope-policy';
import { MERGED_ELSEWHERE_REASON } from '../../../common/events/merge-reference';
import { Person } from './notification';

/**
 * A merge's reason as `person` may read it: it names the ticket the merged one went into, so a recipient who may not
 * read that ticket (`target`: its current access facts, undefined when it is gone) reads "merged into another
 * ticket", as its history and the event stream show it to them. `canRead` decides, as for `GET /tickets/:id`.
 */
export function mergeReasonFor(reason: string, target: ScopedFacts | undefined, person: Person): string {
  const scope = scopeOf({
    id: person.id,
    role: person.role as Role,
    departmentId: person.departmentId ?? null,
  });
  return target !== undefined && canRead(scope, target) ? reason : MERGED_ELSEWHERE_REASON;
}
