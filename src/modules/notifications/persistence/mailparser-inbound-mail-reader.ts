import { PassThrough, Readable } from 'node:stream';
import { AddressObject, AttachmentStream, MailParser, MessageText } from 'mailparser';
import { Splitter } from 'mailsplit';
import { PayloadTooLargeError, ValidationFailedError } from '../../../common/errors/domain-errors';
import { StoredFile } from '../../../common/storage/file-storage';
import { inboundMessageId, textFromHtml } from '../domain/inbound-mail';
import { InboundMail, InboundMailLimits, InboundMailParser } from '../inbound-mail-parser.port';
import { InlineTextCap, RawMailGuard, SPLITTER_LIMITS } from './mail-stream-guards';
import { Implements } from '../../../common/di/implements';

export { InlineTextCap, SPLITTER_LIMITS } from './mail-stream-guards';

/** Text kept before quotes are stripped: the ticket keeps 20,000 characters of it at most. */
const MAX_TEXT_CHARS = 256 * 1024;
/** HTML turned into text when a mail has no plain part (the conversion is linear, but need not see more). */
const MAX_HTML_CHARS = 256 * 1024;

/**
 * Without U+0000: a mail may carry it (quoted-printable =00, an encoded-word) and PostgreSQL text cannot hold it,
 * so every text taken from a mail loses it rather than the mail being refused.
 */
const noNul = (text: string): string => text.replaceAll('\u0000', '');

const firstAddress = (value: unknown): InboundMail['from'] => {
  const list = (Array.isArray(value) ? value : [value]) as Array<AddressObject | undefined>;
  const first = list[0]?.value?.[0];
  return first?.address
    ? { address: noNul(first.address), name: first.name ? noNul(first.name) || undefined : undefined }
    : null;
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
    const filename = noNul(part.filename ?? '') || 'attachment';
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
  const subject = headers.get('subject');
  const inReplyTo = stringList(headers.get('in-reply-to'))[0];
  return {
    messageId: inboundMessageId(typeof given === 'string' ? noNul(given) : undefined, cap.digest()),
    from: firstAddress(headers.get('from')),
    subject: typeof subject === 'string' ? noNul(subject) : undefined,
    text: noNul(text ?? (html !== undefined ? textFromHtml(html).slice(0, MAX_TEXT_CHARS) : '')),
    headers,
    inReplyTo: inReplyTo === undefined ? undefined : noNul(inReplyTo),
    references: stringList(headers.get('references')).map(noNul),
    recipients: recipientsOf(headers).map(noNul),
    attachments,
    droppedAttachments: dropped,
    raw,
  };
}

/** `InboundMailParser` over mailparser and mailsplit. */
@Implements(InboundMailParser)
export class MailparserInboundMailParser extends InboundMailParser {
  read(source: Readable, limits: InboundMailLimits): Promise<InboundMail> {
    return readInboundMail(source, limits);
  }
}
