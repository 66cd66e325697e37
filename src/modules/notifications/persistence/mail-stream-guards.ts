import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { SplitterChunk } from 'mailsplit';
import { PayloadTooLargeError } from '../../../common/errors/domain-errors';

/* Stream guards in front of the mail parser: they keep its memory and time bounded whatever the mail. */

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
export class RawMailGuard extends Transform {
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
