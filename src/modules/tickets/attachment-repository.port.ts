import { AccessScope } from '../../common/auth/scope-policy';
import { Attachment } from './domain/ticket';

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
  abstract findById(id: string): Promise<(Attachment & { internal: boolean }) | null>;
}
