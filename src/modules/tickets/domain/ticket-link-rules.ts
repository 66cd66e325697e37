import { TicketStatus, TERMINAL_STATUSES } from './ticket-enums';

export type LinkType = 'RELATED' | 'DUPLICATE_OF' | 'PARENT_OF';

/** Why a link or a merge is refused: `self` and `cycle` are bad requests or conflicts, the rest conflicts or 403. */
export type Refusal =
  { ok: true } | { ok: false; kind: 'invalid' | 'conflict' | 'forbidden'; reason: string };

const OK: Refusal = { ok: true };

export interface LinkFacts {
  sourceId: string;
  targetId: string;
  type: LinkType;
  /** a link of this type from source to target exists already */
  exists: boolean;
  /** RELATED is symmetric: a RELATED link from target to source is the same relation */
  reverseRelatedExists: boolean;
  /** for DUPLICATE_OF and PARENT_OF: the target already reaches the source through links of the same type */
  targetReachesSource: boolean;
}

/** A new link: never to itself, never twice, never closing a loop of PARENT_OF or DUPLICATE_OF links. */
export function checkLink(f: LinkFacts): Refusal {
  if (f.sourceId === f.targetId)
    return { ok: false, kind: 'invalid', reason: 'a ticket cannot be linked to itself' };
  if (f.exists || (f.type === 'RELATED' && f.reverseRelatedExists))
    return { ok: false, kind: 'conflict', reason: 'the tickets are already linked this way' };
  if (f.type !== 'RELATED' && f.targetReachesSource)
    return {
      ok: false,
      kind: 'conflict',
      reason: `the link would make a cycle of ${f.type} links (the target already leads back to this ticket)`,
    };
  return OK;
}

export interface MergeParty {
  id: string;
  status: TicketStatus;
  departmentId: string | null;
  mergedIntoId: string | null;
}

export interface MergeFacts {
  source: MergeParty;
  target: MergeParty;
  isAdmin: boolean;
  /** the viewer works both tickets (may change them) */
  mayWorkBoth: boolean;
  /** the target already reaches the source through DUPLICATE_OF links (a merge adds source DUPLICATE_OF target) */
  targetReachesSource: boolean;
}

/**
 * Merging `source` into `target`: both worked by the caller, within one department unless ADMIN, neither already
 * merged nor finished, and never into itself or into a ticket that already leads back to it.
 */
export function checkMerge(f: MergeFacts): Refusal {
  const { source, target } = f;
  if (source.id === target.id)
    return { ok: false, kind: 'invalid', reason: 'a ticket cannot be merged into itself' };
  if (!f.mayWorkBoth)
    return { ok: false, kind: 'forbidden', reason: 'Only staff working both tickets may merge them' };
  if (source.departmentId !== target.departmentId && !f.isAdmin)
    return {
      ok: false,
      kind: 'forbidden',
      reason: 'Only an ADMIN may merge tickets of different departments',
    };
  if (source.mergedIntoId !== null)
    return { ok: false, kind: 'conflict', reason: 'The ticket was already merged into another' };
  if (TERMINAL_STATUSES.includes(source.status))
    return { ok: false, kind: 'conflict', reason: `A ${source.status} ticket cannot be merged` };
  if (target.mergedIntoId !== null)
    return {
      ok: false,
      kind: 'conflict',
      reason: 'The target was itself merged into another ticket: merge into that one',
    };
  if (TERMINAL_STATUSES.includes(target.status))
    return { ok: false, kind: 'conflict', reason: `A ${target.status} ticket cannot take a merge` };
  if (f.targetReachesSource)
    return {
      ok: false,
      kind: 'conflict',
      reason: 'The merge would make a cycle: the target is already a duplicate of this ticket',
    };
  return OK;
}
