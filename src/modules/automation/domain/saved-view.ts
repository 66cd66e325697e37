import { Role } from '../../../common/auth/role';
import { TicketQueryParams } from '../../tickets/domain/ticket-query';

export interface SavedView {
  id: string;
  ownerId: string;
  name: string;
  /** `GET /tickets` query parameters in their normal form */
  filters: TicketQueryParams;
  shared: boolean;
  /** the department a shared view is shared with (the owner's when they shared it); null while private */
  departmentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ViewUser {
  id: string;
  role: Role;
  departmentId: string | null;
}

/** Whose views a user sees: their own, plus those shared with their department (ADMIN: every shared view). */
export interface ViewScope {
  userId: string;
  departmentId: string | null;
  allShared: boolean;
}

export const viewScopeOf = (user: ViewUser): ViewScope => ({
  userId: user.id,
  departmentId: user.role === Role.END_USER ? null : user.departmentId,
  allShared: user.role === Role.ADMIN,
});

/**
 * Who may change or delete a view they can see: its owner; and, for a shared view, an ADMIN or a TEAM_LEAD of the
 * department it is shared with (so a view left behind by someone who moved on can be tidied up).
 */
export function canManageView(user: ViewUser, view: SavedView): boolean {
  if (view.ownerId === user.id) return true;
  if (!view.shared) return false;
  if (user.role === Role.ADMIN) return true;
  return (
    user.role === Role.TEAM_LEAD && user.departmentId !== null && user.departmentId === view.departmentId
  );
}

/**
 * Only staff share views (else `forbidden`, 403), and only with a department they belong to (else `invalid`, 400
 * about `shared`).
 */
export type ShareCheck =
  { ok: true; departmentId: string } | { ok: false; kind: 'forbidden' | 'invalid'; reason: string };

export function checkShare(user: ViewUser): ShareCheck {
  if (user.role === Role.END_USER) {
    return { ok: false, kind: 'forbidden', reason: 'Only staff may share views' };
  }
  if (!user.departmentId) {
    return { ok: false, kind: 'invalid', reason: 'you belong to no department to share it with' };
  }
  return { ok: true, departmentId: user.departmentId };
}
