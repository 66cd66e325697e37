import { EnumValue, namedEnum } from '../../../common/named-enum';

export const TicketStatus = namedEnum(
  'PENDING_APPROVAL',
  'OPEN',
  'IN_PROGRESS',
  'PENDING_USER',
  'RESOLVED',
  'CLOSED',
  'CANCELLED',
);
export type TicketStatus = EnumValue<typeof TicketStatus>;

export const TicketPriority = namedEnum('LOW', 'MEDIUM', 'HIGH', 'URGENT');
export type TicketPriority = EnumValue<typeof TicketPriority>;

export const TicketVisibility = namedEnum('INTERNAL', 'RESTRICTED');
export type TicketVisibility = EnumValue<typeof TicketVisibility>;

export const TERMINAL_STATUSES: readonly TicketStatus[] = [TicketStatus.CLOSED, TicketStatus.CANCELLED];
export const OPEN_STATUSES: readonly TicketStatus[] = [
  TicketStatus.OPEN,
  TicketStatus.IN_PROGRESS,
  TicketStatus.PENDING_USER,
];

export const HistoryType = namedEnum(
  'CREATED',
  'STATUS_CHANGED',
  'PRIORITY_CHANGED',
  'ASSIGNED',
  'UNASSIGNED',
  'MESSAGE_ADDED',
  'NOTE_ADDED',
  'ATTACHMENT_ADDED',
  'APPROVAL_REQUESTED',
  'APPROVAL_DECIDED',
  'FIELD_CHANGED',
  'ACCESS_GRANTED',
  'ACCESS_REQUESTED',
  'ACCESS_DENIED',
  'SLA_BREACHED',
  'LINKED',
  'UNLINKED',
  'MERGED',
);
export type HistoryType = EnumValue<typeof HistoryType>;
