import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PayloadTooLargeError, ValidationFailedError } from '../../../common/errors/domain-errors';
import { Splitter } from 'mailsplit';
import { InlineTextCap, readInboundMail, SPLITTER_LIMITS } from './mailparser-inbound-mail-reader';

const limits = { maxBytes: 1024 * 1024, maxAttachmentBytes: 1000, maxAttachments: 2 };
const chunked = (raw: Buffer, size = 4096): Readable => {
  const parts: Buffer[] = [];
  for (let i = 0; i < raw.length; i += size) parts.push(raw.subarray(i, i + size));
  return Readable.from(parts);
};
const compose = (m: Record<string, unknown>): Promise<Buffer> =>
  new MailComposer({ from: 'Ada <ada@example.test>', to: 'desk@example.test', ...m }).compile().build();

describe('readInboundMail', () => {
  it('reads headers, text and attachments as the bytes stream in', async () => {
    // sent as they are read back
    const threaded = {
      subject: 'Re: [TKT-202611-000042] Printer',
      text: 'Hello',
      messageId: '<m1@example.test>',
      inReplyTo: '<ticket-1@example.test>',
      references: ['<a@example.test>', '<b@example.test>'],
    };
    const raw = await compose({
      ...threaded,
      headers: { 'Auto-Submitted': 'no' },
      attachments: [
        { filename: 'small.txt', content: Buffer.alloc(10, 'x') },
        { filename: 'big.bin', content: Buffer.alloc(5000, 1) },
        { filename: 'third.txt', content: 'z' },
      ],
    });
    const mail = await readInboundMail(chunked(raw), limits);
    expect(mail).toMatchObject({
      ...threaded,
      from: { address: 'ada@example.test', name: 'Ada' },
      droppedAttachments: ['third.txt'],
    });
    expect(mail.headers.get('auto-submitted')).toBe('no');
    expect(mail.attachments.map((a) => [a.filename, a.content.length])).toEqual([
      ['small.txt', 10],
      ['big.bin', 1001], // cut one byte past the limit, so the upload check refuses it
    ]);
  });

  it('derives the id from the bytes when there is no Message-ID, and reads HTML-only mail', async () => {
    const raw = Buffer.from('From: a@example.test\r\nContent-Type: text/html\r\n\r\n<p>Hi &amp; bye</p>');
    const a = await readInboundMail(chunked(raw, 7), limits);
    const b = await readInboundMail(Readable.from([raw]), limits);
    expect(a.messageId).toMatch(/^<[0-9a-f]{64}@inbound\.invalid>$/);
    expect(b.messageId).toBe(a.messageId);
    expect(a.text).toBe('Hi & bye');
  });

  it('cuts over-long lines, which base64 parts survive, in linear time', async () => {
    const file = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => i % 251));
    const raw = Buffer.from(
      [
        'From: a@example.test',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'x'.repeat(100 * 1024),
        '--b1',
        'Content-Type: application/octet-stream; name="f.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        file.toString('base64'), // one line of 400 KiB
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const mail = await readInboundMail(chunked(raw, 1000), { ...limits, maxAttachmentBytes: file.length });
    expect(mail.attachments[0].content.equals(file)).toBe(true);
    expect(mail.text.replace(/\s/g, '')).toBe('x'.repeat(100 * 1024));
    const started = Date.now();
    const line = Buffer.concat([
      Buffer.from('From: a@example.test\r\n\r\n'),
      Buffer.alloc(8 * 1024 * 1024, 'y'),
    ]);
    await readInboundMail(chunked(line, 16 * 1024), { ...limits, maxBytes: 16 * 1024 * 1024 });
    expect(Date.now() - started).toBeLessThan(20_000); // uncut: 8 MiB copied again per 16 KiB chunk (minutes)
  });

  it('fails with 413 once the bytes pass the limit, and 400 on an empty body', async () => {
    const huge = Readable.from([
      Buffer.from('From: a@example.test\r\n\r\n'),
      ...Array.from({ length: 300 }, () => Buffer.alloc(4096, 'a')),
    ]);
    await expect(readInboundMail(huge, limits)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readInboundMail(Readable.from([]), limits)).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it('hands the parser at most 1 MiB of each inline text part and 2 MiB of all, and never cuts an attachment', async () => {
    const line = 'abcdefghijklmnopqrstuvwxyz0123456789 '.repeat(2) + '\r\n';
    const textPart = (mark: string, bytes: number): string =>
      ['--b1', 'Content-Type: text/plain', '', mark + line.repeat(Math.ceil(bytes / line.length))].join(
        '\r\n',
      );
    const file = `${'t'.repeat(78)}\r\n`.repeat(40_000);
    const raw = Buffer.from(
      [
        'From: a@example.test',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        textPart('FIRST', 3 * 1024 * 1024),
        textPart('SECOND', 3 * 1024 * 1024),
        textPart('THIRD', 10),
        '--b1',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename="log.txt"',
        '',
        file,
        '--b1--',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const handed: Buffer[] = [];
    await pipeline(
      chunked(raw, 64 * 1024),
      new Splitter(SPLITTER_LIMITS),
      new InlineTextCap(),
      async (bytes) => {
        for await (const b of bytes as AsyncIterable<Buffer>) handed.push(b);
      },
    );
    const out = Buffer.concat(handed).toString('latin1');
    const MiB = 1024 * 1024;
    const headers = raw.length - 6 * MiB - file.length; // all but the three text bodies and the attachment
    expect(out.length).toBeGreaterThan(2 * MiB + file.length + headers - 1024);
    expect(out.length).toBeLessThan(2 * MiB + file.length + headers + 1024);
    expect(out).toContain('FIRST');
    expect(out).toContain('SECOND');
    expect(out).toContain(file); // the attachment whole
    expect(out).not.toContain('THIRD'); // nothing left for it
    expect(out.endsWith('--b1--\r\n')).toBe(true);

    const mail = await readInboundMail(chunked(raw, 64 * 1024), {
      maxBytes: 16 * 1024 * 1024,
      maxAttachmentBytes: 4 * 1024 * 1024,
      maxAttachments: 2,
    });
    expect(mail.text.startsWith('FIRST')).toBe(true);
    expect(mail.text.length).toBe(256 * 1024);
    expect(mail.attachments.map((a) => [a.filename, a.content.length])).toEqual([['log.txt', file.length]]);
  });

  it('joins short text parts whole, and refuses a part header over 256 KiB or more than 500 parts (400)', async () => {
    const parts = (n: number, header = ''): Buffer =>
      Buffer.from(
        [
          'From: a@example.test',
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          ...Array.from({ length: n }, (_, i) =>
            ['--b1', `Content-Type: text/plain${header}`, '', `part ${i}`].join('\r\n'),
          ),
          '--b1--',
          '',
        ].join('\r\n'),
      );
    const few = await readInboundMail(chunked(parts(3)), limits);
    expect(few.text).toBe('part 0\npart 1\npart 2');
    await expect(readInboundMail(chunked(parts(600)), limits)).rejects.toBeInstanceOf(ValidationFailedError);
    const longHeader = `\r\nX-Filler: ${'f'.repeat(300 * 1024)}`;
    await expect(readInboundMail(chunked(parts(1, longHeader)), limits)).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });
});
