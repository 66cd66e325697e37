import { Readable } from 'node:stream';
import { StoredFile } from '../../common/storage/file-storage';
import { Attachment, Ticket } from './domain/ticket';

/** A file as it arrives: its name as the client gave it (a multipart part may have none) and its bytes. */
export interface IncomingFile {
  filename: string | undefined;
  stream: Readable;
}

/** An upload whose bytes passed the checks and are stored, not yet recorded on any ticket. */
export interface StagedFile extends StoredFile {
  filename: string;
  contentType: string;
}

/**
 * Files other modules put on tickets (inbound mail, guest submissions), with the same type and size checks as an
 * upload: staged first when the ticket does not exist yet, then attached in the caller's transaction.
 */
export abstract class TicketAttachments {
  /** the largest file accepted, in bytes */
  abstract get maxBytes(): number;
  /** Checks and stores a file and records it on the ticket (and message) in one go. */
  abstract store(
    ticket: Ticket,
    uploaderId: string,
    file: IncomingFile,
    messageId: string | null,
    internal?: boolean,
  ): Promise<Attachment>;
  /** Checks and stores a file's bytes, recorded on no ticket yet (415 for a type not accepted, 413 past the size). */
  abstract stage(file: IncomingFile): Promise<StagedFile>;
  /** Records a staged file on the ticket (and message). */
  abstract attachStaged(
    ticket: Ticket,
    uploaderId: string,
    staged: StagedFile,
    messageId: string | null,
    internal?: boolean,
  ): Promise<Attachment>;
  /** Removes the bytes of a staged file that will not be attached. */
  abstract discard(staged: StagedFile): Promise<void>;
}
