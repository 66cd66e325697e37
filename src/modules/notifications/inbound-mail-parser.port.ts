import { Readable } from 'node:stream';
import { FileStorage, StoredFile } from '../../common/storage/file-storage';

/** What the service needs of one inbound mail; everything in it is bounded by `InboundMailLimits`. */
export interface InboundMail {
  /** the Message-ID, or one derived from the bytes when the mail has none */
  messageId: string;
  from: { address: string; name?: string } | null;
  subject: string | undefined;
  /** the plain text (or the text of the HTML part), at most `maxTextChars` */
  text: string;
  headers: ReadonlyMap<string, unknown>;
  inReplyTo: string | undefined;
  references: string[];
  /** recipient addresses, lower case: the envelope's (X-Original-To, Delivered-To) first, then To, then Cc */
  recipients: string[];
  /** at most `maxAttachments`; a content longer than `maxAttachmentBytes` is cut one byte past it */
  attachments: Array<{ filename: string; content: Buffer; related: boolean }>;
  /** attachments past `maxAttachments`, not read */
  droppedAttachments: string[];
  /** the bytes as they arrived, when the caller asked to keep them (the caller removes them when not needed) */
  raw: StoredFile | null;
}

export interface InboundMailLimits {
  /** the whole raw message */
  maxBytes: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
  /** where to keep the raw bytes, streamed there while the mail is parsed */
  keepRawIn?: FileStorage;
}

/** Parses a raw RFC 822 message as it streams in, within `limits` (413 or 400 past them). */
export abstract class InboundMailParser {
  abstract read(source: Readable, limits: InboundMailLimits): Promise<InboundMail>;
}
