import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform, TransformCallback } from 'node:stream';
import { AddressObject, AttachmentStream, MailParser, MessageText } from 'mailparser';
import { Splitter, SplitterChunk } from 'mailsplit';
import { PayloadTooLargeError, ValidationFailedError } from '../../common/errors/domain-errors';
import { FileStorage, StoredFile } from '../../common/storage/file-storage';
import { inboundMessageId, textFromHtml } from './domain/inbound-mail';

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

/** Text kept before quotes are stripped: the ticket keeps 20,000 characters of it at most. */
const MAX_TEXT_CHARS = 256 * 1024;
/** HTML turned into text when a mail has no plain part (the conversion is linear, but need not see more). */
const MAX_HTML_CHARS = 256 * 1024;

/**
 * Encoded bytes of one inline text part handed to the mail parser, and of all of them together. The parser keeps every
 * inline text part whole (and copies it three times over while decoding), so a 25 MiB text body cost four times its
 * size and one in short or quoted-printable lines twenty; past these, text parts are cut before the parser sees them.
 * 1 MiB of the most expensive encoding (quoted-printable UTF-8) is still more than MAX_TEXT_CHARS characters.
 */
const MAX_INLINE_TEXT_PART_BYTES = 1024 * 1024;
const MAX_INLINE_TEXT_BYTES = 2 * 1024 * 1024;
/** A header block of one MIME part (the parser's default is 1 MiB, each kept parsed until the end), and parts. */
const MAX_PART_HEADER_BYTES = 256 * 1024;
const MAX_PARTS = 500;
export const SPLITTER_LIMITS = { maxHeadSize: MAX_PART_HEADER_BYTES, maxChildNodes: MAX_PARTS };

/** The part types the mail parser reads as the mail's text (not as attachments) when they are not `attachment`s. */
const TEXT_TYPES = ['text/plain', 'text/html', 'message/delivery-status'];

/** Whether the mail parser will keep this part's decoded content as text (its rule, so attachments are never cut). */
function isInlineText(node: SplitterChunk & { type: 'node' }): boolean {
  const type = node.contentType || (node.root ? 'text/plain' : '');
  if (node.multipart || !TEXT_TYPES.includes(type)) return false;
  return !node.disposition || node.disposition === 'inline';
}

/**
 * Re-joins the split message into bytes for the mail parser, keeping at most MAX_INLINE_TEXT_PART_BYTES of each inline
 * text part and MAX_INLINE_TEXT_BYTES of all of them; everything else passes byte for byte.
 */
export class InlineTextCap extends Transform {
  private inlineText = false;
  private partLeft = 0;
  private totalLeft = MAX_INLINE_TEXT_BYTES;

  constructor() {
    super({ writableObjectMode: true, readableObjectMode: false });
  }

  override _transform(chunk: SplitterChunk, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.type === 'node') {
      this.inlineText = isInlineText(chunk);
      this.partLeft = MAX_INLINE_TEXT_PART_BYTES;
      this.push(chunk.getHeaders());
    } else if (chunk.type === 'body' && this.inlineText) {
      const room = Math.min(this.partLeft, this.totalLeft);
      const kept = chunk.value.length > room ? chunk.value.subarray(0, room) : chunk.value;
      this.partLeft -= kept.length;
      this.totalLeft -= kept.length;
      if (kept.length > 0) this.push(kept);
    } else if (chunk.value.length > 0) this.push(chunk.value);
    done();
  }
}

/** RFC 5322 allows 998; past this a line is cut, which the MIME decoders tolerate (base64 and 8bit text). */
const MAX_LINE_BYTES = 32 * 1024;
const CRLF = Buffer.from('\r\n');

/**
 * Counts and hashes the raw bytes; fails with 413 once they pass `max`; and cuts lines longer than MAX_LINE_BYTES,
 * because the MIME splitter copies a line's bytes again for every chunk it spans (quadratic in the line's length).
 */
class RawMailGuard extends Transform {
  bytes = 0;
  private sinceLineFeed = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      done(new PayloadTooLargeError(`The mail is larger than ${this.max} bytes`));
      return;
    }
    this.hash.update(chunk);
    for (const piece of this.cutLongLines(chunk)) this.push(piece);
    done();
  }

  /** The chunk as is, unless a line in it runs past MAX_LINE_BYTES: then cut there, with as few pieces as possible. */
  private cutLongLines(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let from = 0; // start of the bytes not yet pushed
    let at = 0;
    while (at < chunk.length) {
      const lineFeed = chunk.indexOf(0x0a, at);
      const lineEnd = lineFeed === -1 ? chunk.length : lineFeed;
      while (lineEnd - at > MAX_LINE_BYTES - this.sinceLineFeed) {
        at += MAX_LINE_BYTES - this.sinceLineFeed;
        out.push(chunk.subarray(from, at), CRLF);
        from = at;
        this.sinceLineFeed = 0;
      }
      if (lineFeed === -1) {
        this.sinceLineFeed += chunk.length - at;
        break;
      }
      this.sinceLineFeed = 0;
      at = lineFeed + 1;
    }
    if (from < chunk.length) out.push(from === 0 ? chunk : chunk.subarray(from));
    return out;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const firstAddress = (value: unknown): InboundMail['from'] => {
  const list = (Array.isArray(value) ? value : [value]) as Array<AddressObject | undefined>;
  const first = list[0]?.value?.[0];
  return first?.address ? { address: first.address, name: first.name || undefined } : null;
};

const addressesOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).flatMap((v: AddressObject | string | undefined) => {
    if (typeof v === 'string') return v.split(',').map((a) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim());
    return (v?.value ?? []).flatMap((a) => [a.address ?? '', ...(a.group ?? []).map((g) => g.address ?? '')]);
  });

/** At most 50 distinct recipients, envelope headers first. */
function recipientsOf(headers: ReadonlyMap<string, unknown>): string[] {
  const all = ['x-original-to', 'delivered-to', 'to', 'cc'].flatMap((h) => addressesOf(headers.get(h)));
  return [
    ...new Set(all.map((a) => a.toLowerCase()).filter((a) => a.includes('@') && a.length <= 254)),
  ].slice(0, 50);
}

const stringList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/** Reads an attachment stream to its end, keeping at most `keep` bytes of it. */
async function collect(stream: Readable, keep: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (kept >= keep) continue; // drained, not kept
    const part = chunk.length > keep - kept ? chunk.subarray(0, keep - kept) : chunk;
    chunks.push(part);
    kept += part.length;
  }
  return Buffer.concat(chunks, kept);
}

/**
 * Parses a raw RFC 822 message as it streams in. Memory stays bounded: the message may be at most `maxBytes` (413
 * past it, noticed as the bytes arrive), inline text parts are cut before parsing (InlineTextCap) and the text kept
 * at 256 KiB, part headers and the number of parts are capped (400 past them), attachments are cut just past the upload limit and
 * counted, and the costly conversions of the mail parser (text to HTML, link detection, HTML to text of any size) are
 * off. The source is never destroyed: on an error it is left to drain, so the client still reads the answer.
 */
export async function readInboundMail(source: Readable, limits: InboundMailLimits): Promise<InboundMail> {
  const cap = new RawMailGuard(limits.maxBytes);
  const splitter = new Splitter(SPLITTER_LIMITS);
  const textCap = new InlineTextCap();
  const parser = new MailParser({
    ...SPLITTER_LIMITS,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  });
  let headers: ReadonlyMap<string, unknown> = new Map();
  let text: string | undefined;
  let html: string | undefined;
  const attachments: InboundMail['attachments'] = [];
  const dropped: string[] = [];
  const pending: Array<Promise<void>> = [];

  const onAttachment = (part: AttachmentStream): void => {
    const filename = part.filename || 'attachment';
    const keep = attachments.length < limits.maxAttachments ? limits.maxAttachmentBytes + 1 : 0;
    if (keep === 0) dropped.push(filename);
    const entry: InboundMail['attachments'][number] = {
      filename,
      content: Buffer.alloc(0),
      related: part.related === true,
    };
    if (keep > 0) attachments.push(entry);
    pending.push(
      collect(part.content as Readable, keep).then(
        (content) => {
          entry.content = content;
          part.release();
        },
        () => part.release(),
      ),
    );
  };

  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('headers', (h: ReadonlyMap<string, unknown>) => (headers = h));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'attachment') onAttachment(data);
      else {
        if (typeof data.text === 'string' && data.text.trim() !== '')
          text = data.text.slice(0, MAX_TEXT_CHARS);
        if (typeof data.html === 'string') html = data.html.slice(0, MAX_HTML_CHARS);
      }
    });
    parser.once('end', resolve);
    parser.once('error', reject);
    for (const stage of [cap, splitter, textCap]) stage.once('error', reject);
  });

  // the raw copy reads the same bytes as the parser (pipe waits for the slower of the two)
  const copy = limits.keepRawIn ? new PassThrough() : null;
  const saving = copy ? limits.keepRawIn!.save(copy, limits.maxBytes) : null;
  const saved = saving?.then(
    (file) => ({ file }),
    (error: unknown) => ({ error }),
  );
  if (copy) source.pipe(copy);
  source.pipe(cap).pipe(splitter).pipe(textCap).pipe(parser);
  let raw: StoredFile | null = null;
  let storageFailure: unknown = null;
  try {
    await parsed;
    await Promise.all(pending);
    if (saved) {
      const outcome = await saved;
      if ('error' in outcome) throw (storageFailure = outcome.error);
      raw = outcome.file;
    }
  } catch (err) {
    source.unpipe(cap);
    for (const stage of [cap, splitter, textCap]) stage.destroy();
    if (copy) {
      source.unpipe(copy);
      copy.destroy();
      const outcome = await saved!;
      if ('file' in outcome) await limits.keepRawIn!.remove(outcome.file.key);
    }
    source.resume(); // let the rest drain so the answer reaches the client
    parser.destroy();
    if (err instanceof PayloadTooLargeError) throw err;
    if (storageFailure !== null) throw err; // storage failed: not the mail's fault
    throw new ValidationFailedError('The body is not a readable RFC 822 message');
  }
  if (cap.bytes === 0) {
    if (raw) await limits.keepRawIn!.remove(raw.key);
    throw new ValidationFailedError('The body must be a raw RFC 822 message');
  }

  const given = headers.get('message-id');
  return {
    messageId: inboundMessageId(typeof given === 'string' ? given : undefined, cap.digest()),
    from: firstAddress(headers.get('from')),
    subject: typeof headers.get('subject') === 'string' ? (headers.get('subject') as string) : undefined,
    text: text ?? (html !== undefined ? textFromHtml(html).slice(0, MAX_TEXT_CHARS) : ''),
    headers,
    inReplyTo: stringList(headers.get('in-reply-to'))[0],
    references: stringList(headers.get('references')),
    recipients: recipientsOf(headers),
    attachments,
    droppedAttachments: dropped,
    raw,
  };
}
