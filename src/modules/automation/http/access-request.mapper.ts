import { iso } from '../../../common/time/iso';
import { AccessRequest } from '../domain/access-request';
import { AccessRequestResponseDto } from './access-request.dto';

export const toAccessRequestResponse = (r: AccessRequest): AccessRequestResponseDto => ({
  id: r.id,
  ticketId: r.ticketId,
  ticketPid: r.ticketPid,
  requestedBy: r.requestedBy,
  reason: r.reason,
  status: r.status,
  decidedBy: r.decidedBy,
  comment: r.decisionComment,
  decidedAt: iso(r.decidedAt),
  createdAt: r.createdAt.toISOString(),
});
