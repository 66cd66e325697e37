import { AccessScope } from '../../common/auth/scope-policy';
import { Attachment } from './domain/ticket';
import { InternalNotesScope } from './domain/ticket-access';

export interface NewAttachment {
  ticketId: string;
  messageId: string | null;
  uploaderId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export abstract class AttachmentRepository {
  abstract add(attachment: NewAttachment): Promise<Attachment>;
  /**
   * Attachments of a ticket and of tickets merged into it (a RESTRICTED merged ticket's only when the scope reads
   * it); those on internal notes only when includeInternal.
   */
  abstract listForTicket(
    scope: AccessScope,
    ticketId: string,
    includeInternal: boolean,
  ): Promise<Attachment[]>;
  /**
   * The attachment when the caller may read it, as the lists decide: some ticket in `scope` lists it (its own, or
   * one its ticket was merged into, where it shows as `listForTicket` says), and, on an internal note, the caller
   * works that ticket (`notes`). Null otherwise, whether it exists or not.
   */
  abstract findReadable(
    scope: AccessScope,
    notes: InternalNotesScope,
    id: string,
  ): Promise<Attachment | null>;
}
