import { TicketPriority } from '../../tickets/domain/ticket-enums';

export interface SlaPolicy {
  id: string;
  priority: TicketPriority;
  /** null: the global policy for this priority */
  departmentId: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The targets a ticket is given, in business minutes; a null target is not tracked. */
export interface SlaTargets {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/**
 * A ticket's targets: its department's policy for the priority, else the global one; a service item's
 * `slaResolutionHours` overrides the resolution target (and alone is enough for one). Null when nothing applies.
 */
export function targetsFor(policy: SlaPolicy | null, itemResolutionHours: number | null): SlaTargets | null {
  if (!policy && !itemResolutionHours) return null;
  return {
    firstResponseMinutes: policy?.firstResponseMinutes ?? null,
    resolutionMinutes: itemResolutionHours ? itemResolutionHours * 60 : (policy?.resolutionMinutes ?? null),
  };
}

/** The department's own policy beats the global one. */
export function applicablePolicy(
  candidates: readonly SlaPolicy[],
  departmentId: string | null,
): SlaPolicy | null {
  return (
    candidates.find((p) => departmentId !== null && p.departmentId === departmentId) ??
    candidates.find((p) => p.departmentId === null) ??
    null
  );
}
