import { EventType } from './event-type';
import { TicketSnapshot } from './ticket-snapshot';

/** A ticket as other events name it. */
export type TicketRefData = { id: string; pid: string };

/** A link between tickets as events describe it. */
export type LinkData = { id: string; type: string; sourceTicketId: string; targetTicketId: string };

export type TicketCreatedData = { ticket: TicketSnapshot; channel: string; followUpOf?: TicketRefData };

export type TicketUpdatedData = {
  ticket: TicketSnapshot;
  fields: string[];
  /** a merge: the ticket merged into this one */
  mergedFrom?: TicketRefData;
  /** a link added or removed */
  change?: string;
  link?: LinkData;
};

/** `from`/`to` and what the move records beside them (a reason, the ticket merged into, …). */
export type TicketStatusChangedData = { ticket: TicketSnapshot; from: string; to: string } & Record<
  string,
  unknown
>;

export type TicketPriorityChangedData = { ticket: TicketSnapshot; from: string; to: string };

export type TicketAssignedData = {
  ticket: TicketSnapshot;
  previousAssigneeId: string | null;
  assigneeId: string | null;
  strategy: string;
  auto: boolean;
};

export type TicketMessageData = {
  ticket: TicketSnapshot;
  messageId: string;
  internal: boolean;
  authorId: string;
  byRequester: boolean;
};

export type TicketAttachmentData = {
  ticket: TicketSnapshot;
  attachmentId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  internal: boolean;
};

/** A step opened: its approvers, whoever is told (approvers and their delegates), and what the flow adds. */
export type ApprovalRequestedData = {
  ticket: TicketSnapshot;
  approvalId: string;
  step: number;
  mode: string;
  approverIds: string[];
  recipientIds: string[];
} & Record<string, unknown>;

export type ApprovalDecidedData = {
  ticket: TicketSnapshot;
  approvalId: string;
  step: number;
  decision: string;
  decidedBy: string;
  onBehalfOf: string | null;
  stepStatus: string;
  status: string;
};

/** times as ISO 8601 text */
export type SlaBreachedData = { ticket: TicketSnapshot; target: string; dueAt: string; breachedAt: string };

export type AccessRequestedData = {
  ticket: TicketSnapshot;
  requestId: string;
  requestedBy: string;
  reason: string | null;
  deciderIds: string[];
};

export type AccessDecidedData = {
  ticket: TicketSnapshot;
  requestId: string;
  requestedBy: string;
  decision: string;
  reason?: string;
};

/** Private: carries the reset token until the mail is queued. */
export type PasswordResetRequestedData = { userId: string; token: string; expiresAt: string };

/** Private: carries a new account's set-password token until the confirmation mail is queued. */
export type GuestTicketSubmittedData = {
  userId: string;
  ticketId: string;
  pid: string;
  title: string;
  token?: string;
  expiresAt?: string;
};

/** What `data` each event type carries: `publish` and `EventReactions.on` are checked against it. */
export interface EventPayloads {
  [EventType.TICKET_CREATED]: TicketCreatedData;
  [EventType.TICKET_UPDATED]: TicketUpdatedData;
  [EventType.TICKET_STATUS_CHANGED]: TicketStatusChangedData;
  [EventType.TICKET_PRIORITY_CHANGED]: TicketPriorityChangedData;
  [EventType.TICKET_ASSIGNED]: TicketAssignedData;
  [EventType.TICKET_MESSAGE_ADDED]: TicketMessageData;
  [EventType.TICKET_NOTE_ADDED]: TicketMessageData;
  [EventType.TICKET_ATTACHMENT_ADDED]: TicketAttachmentData;
  [EventType.APPROVAL_REQUESTED]: ApprovalRequestedData;
  [EventType.APPROVAL_DECIDED]: ApprovalDecidedData;
  [EventType.SLA_BREACHED]: SlaBreachedData;
  [EventType.TICKET_ACCESS_REQUESTED]: AccessRequestedData;
  [EventType.TICKET_ACCESS_DECIDED]: AccessDecidedData;
  [EventType.PASSWORD_RESET_REQUESTED]: PasswordResetRequestedData;
  [EventType.GUEST_TICKET_SUBMITTED]: GuestTicketSubmittedData;
}
