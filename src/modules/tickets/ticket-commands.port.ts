import { Actor } from '../../common/auth/actor';
import { Ticket, TicketMessage } from './domain/ticket';
import { TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';
import { TicketDraft } from './ticket-intake.port';

/** What POST /tickets sends; title and description may come from a template instead. */
export type CreateTicketInput = TicketDraft;

export interface UpdateTicketInput {
  title?: string;
  description?: string;
  priority?: TicketPriority;
  tags?: string[];
  categoryId?: string | null;
  teamId?: string | null;
  visibility?: TicketVisibility;
  customFields?: Record<string, unknown>;
}

/** How a ticket arrived, and (for a mailed reply to a closed ticket) the ticket it follows up. */
export interface TicketOrigin {
  channel?: 'api' | 'email' | 'guest';
  /** the closed ticket this one continues: linked `RELATED` to it in the same transaction */
  followUpOf?: Pick<Ticket, 'id' | 'pid'>;
}

/** Where a message came from when not through the API, such as a mail with its (unique) Message-ID. */
export interface MessageOrigin {
  source: string;
  externalMessageId: string;
}

/**
 * A ticket's lifecycle as its users drive it: creation with PID, edits, status moves and messages (view grants:
 * TicketAccessGrantsService).
 * Each runs in its own transaction (or joins the caller's) and answers as the HTTP routes do (403, 404, 409).
 */
export abstract class TicketCommands {
  /**
   * A PID as a ticket filed now would get, taken from the same sequence, with nothing filed under it: for answers that
   * must not tell a refused submission from a filed one. A department that is not an active one is 400, as on create.
   */
  abstract takePid(departmentId?: string): Promise<string>;
  abstract create(
    actor: Actor,
    input: CreateTicketInput,
    idempotencyKey?: string,
    origin?: TicketOrigin,
  ): Promise<Ticket>;
  abstract update(
    actor: Actor,
    ticketId: string,
    input: UpdateTicketInput,
    ifMatch?: number,
  ): Promise<Ticket>;
  abstract changeStatus(actor: Actor, ticketId: string, to: TicketStatus, reason?: string): Promise<Ticket>;
  /** A reply or (staff) an internal note. */
  abstract addMessage(
    actor: Actor,
    ticketId: string,
    body: string,
    internal: boolean,
    origin?: MessageOrigin,
  ): Promise<TicketMessage>;
}
